using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using StreamLab.Core.Diagnostics;
using StreamLab.Core.Metrics;
using StreamLab.Core.Raw;
using StreamLab.Core.Storage;
using StreamLab.Core.Storage.Model;

namespace StreamLab.Core.Import;

/// <summary>A finished record from outside StreamLab (a harness run folder), with its raw rows and summary.</summary>
public sealed record ImportedRecord(
    long CampaignId,
    string PointKey,
    IReadOnlyDictionary<string, string> Params,
    int Repetition,
    RecordStatus Status,
    string? Reason,
    long T0Us,
    long T1Us,
    string SourceDirectory,
    RecordRaw Raw,
    IReadOnlyDictionary<string, double> Summary);

/// <summary>
/// Stores an imported record in one SQLite transaction: the record row, its raw rows and its
/// summary are all committed or none is, so a failed import leaves the database as it was.
/// </summary>
public sealed class RecordImporter(StreamLabPaths paths)
{
    private const int Chunk = 5_000;

    private readonly string _connectionString = SqliteSetup.ConnectionString(Path.Combine(paths.DataDirectory, SqliteSetup.FileName));

    /// <summary>Inserts the record and returns its id.</summary>
    public async Task<long> ImportAsync(ImportedRecord record, CancellationToken ct = default)
    {
        await using var connection = SqliteSetup.Open(_connectionString);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        var options = new DbContextOptionsBuilder<StreamLabDbContext>().UseSqlite(connection).Options;
        await using var db = new StreamLabDbContext(options);
        await db.Database.UseTransactionAsync(tx, ct);
        var entity = new RecordEntity
        {
            CampaignId = record.CampaignId,
            PointKey = record.PointKey,
            ParamsJson = JsonSerializer.Serialize(record.Params),
            Repetition = record.Repetition,
            Status = record.Status,
            Reason = record.Reason,
            StartedAt = DateTimeOffset.UnixEpoch.AddTicks(record.T0Us * 10),
            EndedAt = DateTimeOffset.UnixEpoch.AddTicks(record.T1Us * 10),
            T0Us = record.T0Us,
            T1Us = record.T1Us,
            RecordDir = record.SourceDirectory,
            Summaries = record.Summary.Where(m => !double.IsNaN(m.Value))
                .Select(m => new SummaryEntity { Metric = m.Key, Value = m.Value }).ToList(),
        };
        db.Records.Add(entity);
        await db.SaveChangesAsync(ct);
        var id = entity.Id;

        using (var inserter = new RawRowInserter(connection))
        {
            InsertChunked(record.Raw.Frames, r => r with { RecordId = id }, inserter.InsertFrames, ct);
            InsertChunked(record.Raw.Samples, r => r with { RecordId = id }, inserter.InsertSamples, ct);
            InsertChunked(record.Raw.Events, r => r with { RecordId = id }, inserter.InsertEvents, ct);
        }
        await tx.CommitAsync(ct);
        StreamLabMetrics.RecordsImported.Add(1);
        return id;
    }

    private delegate void Insert<T>(ReadOnlySpan<T> rows);

    private static void InsertChunked<T>(IReadOnlyList<T> rows, Func<T, T> withId, Insert<T> insert, CancellationToken ct)
    {
        var buffer = new T[Math.Min(Chunk, rows.Count)];
        for (var start = 0; start < rows.Count; start += Chunk)
        {
            ct.ThrowIfCancellationRequested();
            var n = Math.Min(Chunk, rows.Count - start);
            for (var i = 0; i < n; i++) buffer[i] = withId(rows[start + i]);
            insert(buffer.AsSpan(0, n));
        }
    }

    /// <summary>The roles a record's samples name (<c>cpu_pct{role="x"}</c>), so imported per-role usage is summarised too.</summary>
    public static IReadOnlyList<string> RolesIn(IEnumerable<SampleRow> samples)
    {
        const string prefix = "cpu_pct{role=\"";
        return samples.Select(s => s.Series).Distinct(StringComparer.Ordinal)
            .Where(s => s.StartsWith(prefix, StringComparison.Ordinal) && s.EndsWith("\"}", StringComparison.Ordinal))
            .Select(s => s[prefix.Length..^2]).Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>The summary of an imported record, with the runner's calculator.</summary>
    public static IReadOnlyDictionary<string, double> Summarise(RecordRaw raw, long t0Us, long t1Us, IReadOnlyList<string> counters) =>
        SummaryCalculator.Compute(new SummaryInput(raw, t0Us, t1Us, RolesIn(raw.Samples), null) { Counters = counters });
}
