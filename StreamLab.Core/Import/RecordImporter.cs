using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using StreamLab.Core.Diagnostics;
using StreamLab.Core.Metrics;
using StreamLab.Core.Raw;
using StreamLab.Core.Storage;
using StreamLab.Core.Storage.Model;

namespace StreamLab.Core.Import;

/// <summary>The campaign imported records go into, created with these texts when no campaign has its name.</summary>
public sealed record ImportedCampaign(string Name, string Description, string Yaml, string SourcePath);

/// <summary>
/// A finished record from outside StreamLab (a harness run folder): its row, and <see cref="WriteRows"/>, which streams
/// its raw rows into the writer (and may throw <see cref="InvalidDataException"/> to abandon the whole import).
/// </summary>
public sealed record ImportedRecord(
    string PointKey,
    IReadOnlyDictionary<string, string> Params,
    RecordStatus Status,
    string? Reason,
    long T0Us,
    long T1Us,
    string SourceDirectory,
    ImportRowCounts Expected,
    Action<ImportRowWriter, CancellationToken> WriteRows);

/// <summary>What an imported record became: its id, repetition, row counts and summary.</summary>
public sealed record StoredImport(long Id, int Repetition, long Frames, long Samples, long Events, IReadOnlyDictionary<string, double> Summary);

/// <summary>
/// Stores imported records in ONE transaction of the store (SQLite or PostgreSQL, through <see cref="IResultStore.BeginImportAsync"/>): the campaign (when new), every record row, their raw rows
/// (streamed, never all in memory) and summaries are all committed or none is, so a failed or abandoned import
/// leaves the database as it was.
/// </summary>
public sealed class RecordImporter(IResultStore store, TimeProvider time)
{
    /// <summary>Stores the records as the next repetitions of their points; returns what each became, in order.</summary>
    public async Task<IReadOnlyList<StoredImport>> ImportAsync(ImportedCampaign campaign, IReadOnlyList<ImportedRecord> records,
        IReadOnlyList<string> counters, CancellationToken ct = default)
    {
        await using var import = await store.BeginImportAsync(ct);
        var db = import.Context;

        var campaignId = await CampaignIdAsync(db, campaign, ct);
        var repetitions = await db.Records.Where(r => r.CampaignId == campaignId)
            .GroupBy(r => r.PointKey).Select(g => new { g.Key, Max = g.Max(r => r.Repetition) })
            .ToDictionaryAsync(g => g.Key, g => g.Max, ct);
        var stored = new List<StoredImport>(records.Count);
        var inserter = import.Rows;
        foreach (var record in records)
        {
            var repetition = repetitions[record.PointKey] = repetitions.GetValueOrDefault(record.PointKey) + 1;
            var entity = new RecordEntity
            {
                CampaignId = campaignId,
                PointKey = record.PointKey,
                ParamsJson = JsonSerializer.Serialize(record.Params),
                Repetition = repetition,
                Status = record.Status,
                Reason = record.Reason,
                StartedAt = DateTimeOffset.UnixEpoch.AddTicks(record.T0Us * 10),
                EndedAt = DateTimeOffset.UnixEpoch.AddTicks(record.T1Us * 10),
                T0Us = record.T0Us,
                T1Us = record.T1Us,
                RecordDir = record.SourceDirectory,
            };
            db.Records.Add(entity);
            await db.SaveChangesAsync(ct);

            var writer = new ImportRowWriter(inserter, entity.Id, record.T0Us, record.T1Us, record.Expected);
            record.WriteRows(writer, ct);
            var summary = Summarise(writer.Finish(), record.T0Us, record.T1Us, counters);
            db.Summaries.AddRange(summary.Where(m => !double.IsNaN(m.Value))
                .Select(m => new SummaryEntity { RecordId = entity.Id, Metric = m.Key, Value = m.Value }));
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            stored.Add(new StoredImport(entity.Id, repetition, writer.Frames, writer.Samples, writer.Events, summary));
        }
        await import.CommitAsync(ct);
        StreamLabMetrics.RecordsImported(stored.Count);
        return stored;
    }

    private async Task<long> CampaignIdAsync(StreamLabDbContext db, ImportedCampaign campaign, CancellationToken ct)
    {
        if (await db.Campaigns.Where(c => c.Name == campaign.Name).Select(c => (long?)c.Id).SingleOrDefaultAsync(ct) is { } id)
        {
            return id; // an existing campaign only gains records
        }
        var entity = new CampaignEntity
        {
            Name = campaign.Name,
            Description = campaign.Description,
            Yaml = campaign.Yaml,
            SourcePath = campaign.SourcePath,
            CreatedAt = time.GetUtcNow(),
        };
        db.Campaigns.Add(entity);
        await db.SaveChangesAsync(ct);
        return entity.Id;
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
