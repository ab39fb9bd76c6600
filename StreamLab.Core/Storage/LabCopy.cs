using System.Data.Common;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using StreamLab.Core.Storage.Model;

namespace StreamLab.Core.Storage;

/// <summary>
/// <c>streamlab db copy</c>: a whole lab from one database into an empty other one (SQLite to PostgreSQL and back), in
/// one transaction on the target, then checked: every table's row count and every record's summaries must be equal.
/// </summary>
/// <remarks>
/// Written against the EF Core model, not a list of tables: every entity type is copied, parents before children
/// (foreign keys), keys kept, so a table a later migration adds is copied too. The raw tables are the exception: frames,
/// samples and events go record by record through the store's own raw reader and import inserter (SQLite statements or
/// PostgreSQL binary COPY), and series are made by that inserter as samples name them.
/// </remarks>
public static class LabCopy
{
    private const int Chunk = 5_000;

    /// <summary>Tables filled by the raw inserter rather than copied entity by entity.</summary>
    private static readonly HashSet<Type> RawTypes = [typeof(FrameEntity), typeof(SampleEntity), typeof(EventEntity), typeof(SeriesEntity)];

    private static readonly MethodInfo CopyTableMethod =
        typeof(LabCopy).GetMethod(nameof(CopyTableAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <exception cref="LabCopyException">The target is not empty, or the copy does not check out.</exception>
    public static async Task<LabCopyResult> CopyAsync(StoreDatabase from, StoreDatabase to, Action<string>? progress = null, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        await from.CheckReachableAsync(ct);
        await to.CheckReachableAsync(ct); // SQLite: makes the folder
        await from.MigrateAsync(ct);
        await to.MigrateAsync(ct);
        IReadOnlyList<IEntityType> tables;
        await using (var model = to.CreateContext())
        {
            tables = InDependencyOrder(model.Model);
            foreach (var table in tables)
            {
                if (await CountAsync(model, table, ct) is var n and > 0)
                {
                    throw new LabCopyException($"{to.Describe()} is not empty ({n:N0} rows in {table.GetTableName()}): db copy fills an empty database only");
                }
            }
        }

        await using (var import = await to.BeginImportAsync(ct))
        await using (var source = from.CreateContext())
        {
            foreach (var table in tables.Where(t => !RawTypes.Contains(t.ClrType)))
            {
                var copied = await (Task<long>)CopyTableMethod.MakeGenericMethod(table.ClrType).Invoke(null, [source, import.Context, ct])!;
                progress?.Invoke($"{table.GetTableName()}: {copied:N0} rows");
            }
            var ids = await source.Records.AsNoTracking().OrderBy(r => r.Id).Select(r => r.Id).ToListAsync(ct);
            long rawRows = 0;
            foreach (var id in ids)
            {
                // One record at a time: memory holds the largest record's rows, not the lab's.
                var raw = await from.LoadRawAsync(id, ct);
                import.Rows.InsertFrames(Span(raw.Frames));
                import.Rows.InsertSamples(Span(raw.Samples));
                import.Rows.InsertEvents(Span(raw.Events));
                rawRows += raw.Frames.Count + raw.Samples.Count + raw.Events.Count;
            }
            progress?.Invoke($"raw rows of {ids.Count:N0} records: {rawRows:N0}");
            await import.CommitAsync(ct);
        }
        if (to.Provider == StoreProvider.Postgres)
        {
            await AdvanceIdentitiesAsync(to, tables, ct);
        }
        return await VerifyAsync(from, to, tables, clock, ct);
    }

    /// <summary>Counts of every table and the summaries of every record, side by side; throws when anything differs.</summary>
    private static async Task<LabCopyResult> VerifyAsync(StoreDatabase from, StoreDatabase to, IReadOnlyList<IEntityType> tables, Stopwatch clock, CancellationToken ct)
    {
        var counts = new List<TableCount>();
        await using var a = from.CreateContext();
        await using var b = to.CreateContext();
        foreach (var table in tables)
        {
            counts.Add(new TableCount(table.GetTableName()!, await CountAsync(a, table, ct), await CountAsync(b, table, ct)));
        }
        var different = counts.Where(c => c.From != c.To).ToList();
        var ids = await a.Records.AsNoTracking().Select(r => r.Id).ToListAsync(ct);
        var before = await from.LoadSummariesAsync(ids, ct);
        var after = await to.LoadSummariesAsync(ids, ct);
        var values = before.Values.Sum(s => s.Count);
        var summaryDiffers = ids.Where(id => !SameSummary(before.GetValueOrDefault(id), after.GetValueOrDefault(id))).ToList();
        if (different.Count > 0 || summaryDiffers.Count > 0)
        {
            throw new LabCopyException("the copy does not check out: " + string.Join("; ",
                different.Select(c => $"{c.Table} has {c.From:N0} rows in the source and {c.To:N0} in the target")
                    .Concat(summaryDiffers.Take(5).Select(id => $"record {id}'s summary differs"))));
        }
        return new LabCopyResult(counts, ids.Count, values, clock.Elapsed);
    }

    private static bool SameSummary(Dictionary<string, double>? x, Dictionary<string, double>? y)
    {
        x ??= [];
        y ??= [];
        return x.Count == y.Count && x.All(m => y.TryGetValue(m.Key, out var v) && v.Equals(m.Value));
    }

    private static async Task<long> CopyTableAsync<T>(StreamLabDbContext source, StreamLabDbContext target, CancellationToken ct) where T : class
    {
        long n = 0;
        var batch = new List<T>(Chunk);
        await foreach (var entity in source.Set<T>().AsNoTracking().AsAsyncEnumerable().WithCancellation(ct))
        {
            batch.Add(entity);
            if (batch.Count == Chunk)
            {
                n += await SaveAsync(target, batch, ct);
            }
        }
        return n + await SaveAsync(target, batch, ct);
    }

    private static async Task<int> SaveAsync<T>(StreamLabDbContext target, List<T> batch, CancellationToken ct) where T : class
    {
        var n = batch.Count;
        target.Set<T>().AddRange(batch);
        await target.SaveChangesAsync(ct);
        target.ChangeTracker.Clear();
        batch.Clear();
        return n;
    }

    /// <summary>
    /// Explicit keys do not move PostgreSQL's identity sequences: each is set past the largest copied key, so the next
    /// campaign or record inserted gets a new id.
    /// </summary>
    private static async Task AdvanceIdentitiesAsync(StoreDatabase database, IReadOnlyList<IEntityType> tables, CancellationToken ct)
    {
        await using var db = database.CreateContext();
        foreach (var table in tables)
        {
            if (table.FindPrimaryKey()?.Properties is not [var key] || key.ValueGenerated != ValueGenerated.OnAdd
                || key.ClrType != typeof(long) && key.ClrType != typeof(int))
            {
                continue;
            }
            var name = table.GetTableName()!;
            var column = key.GetColumnName();
            // Names come from our own model, not from input.
#pragma warning disable EF1003
            await db.Database.ExecuteSqlRawAsync(
                $"SELECT setval(s, COALESCE((SELECT MAX(\"{column}\") FROM \"{name}\"), 0) + 1, false) " +
                $"FROM pg_get_serial_sequence('\"{name}\"', '{column}') AS s WHERE s IS NOT NULL", ct);
#pragma warning restore EF1003
        }
    }

    private static async Task<long> CountAsync(StreamLabDbContext db, IEntityType table, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(ct);
        }
        await using DbCommand command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM \"{table.GetTableName()}\"";
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Entity types with a table, each after the types its foreign keys point to.</summary>
    internal static IReadOnlyList<IEntityType> InDependencyOrder(IModel model)
    {
        var types = model.GetEntityTypes().Where(t => t.GetTableName() is not null && !t.IsOwned()).OrderBy(t => t.GetTableName()).ToList();
        var done = new List<IEntityType>();
        var visiting = new HashSet<IEntityType>();
        void Visit(IEntityType type)
        {
            if (done.Contains(type) || !visiting.Add(type)) return;
            foreach (var parent in type.GetForeignKeys().Select(fk => fk.PrincipalEntityType).Where(p => p != type))
            {
                Visit(parent);
            }
            done.Add(type);
        }
        types.ForEach(Visit);
        return done;
    }

    private static ReadOnlySpan<T> Span<T>(IReadOnlyList<T> rows) => rows switch
    {
        T[] array => array,
        List<T> list => CollectionsMarshal.AsSpan(list),
        _ => rows.ToArray(),
    };
}

/// <summary>One table's rows in the source and in the target after a copy.</summary>
public sealed record TableCount(string Table, long From, long To);

/// <summary>What <see cref="LabCopy.CopyAsync"/> copied and checked.</summary>
public sealed record LabCopyResult(IReadOnlyList<TableCount> Tables, int Records, int SummaryValues, TimeSpan Elapsed);

/// <summary>A copy that cannot start (the target holds data) or did not check out; the message says which.</summary>
public sealed class LabCopyException(string message) : Exception(message);
