using Microsoft.EntityFrameworkCore;
using StreamLab.Core.Raw;
using StreamLab.Core.Storage.Postgres;

namespace StreamLab.Core.Storage;

/// <summary>
/// One results database and the provider-specific ways into it: EF Core contexts (with that provider's migrations),
/// the raw-row writer, and the fast raw readers. Everything above it (<see cref="ResultStore"/>, reports, target
/// versions, the importer) is written once against this seam and works on SQLite and PostgreSQL alike.
/// </summary>
public abstract class StoreDatabase : IDisposable
{
    public abstract StoreProvider Provider { get; }

    /// <summary>The ADO.NET connection string. It may hold a password: never print it (use <see cref="Describe"/>).</summary>
    public abstract string ConnectionString { get; }

    /// <summary>Engine and address, without the password.</summary>
    public abstract string Describe();

    /// <summary>A new EF Core context on this database; dispose it.</summary>
    public abstract StreamLabDbContext CreateContext();

    /// <summary>Creates or migrates the schema with this provider's own migrations. Safe at every start.</summary>
    public async Task MigrateAsync(CancellationToken ct = default)
    {
        await using var db = CreateContext();
        await db.Database.MigrateAsync(ct);
    }

    /// <summary>Opens one connection; throws <see cref="DatabaseUnavailableException"/> naming host and cause when it cannot.</summary>
    public abstract Task CheckReachableAsync(CancellationToken ct = default);

    /// <summary>A writer that batches raw rows on a background task; dispose flushes and stops it.</summary>
    public abstract IRawWriter CreateRawWriter();

    /// <summary>Begins one transaction that stores imported records with their raw rows and summaries.</summary>
    public abstract Task<IImportTransaction> BeginImportAsync(CancellationToken ct = default);

    /// <summary>Every raw row of a record, from one snapshot.</summary>
    public abstract Task<RecordRaw> LoadRawAsync(long recordId, CancellationToken ct = default);

    /// <summary>Receive time, frame id and capture time of every frame, in receive order.</summary>
    public abstract Task<FrameColumns> LoadFrameColumnsAsync(long recordId, CancellationToken ct = default);

    /// <summary>The frames measured against their source (PSNR or SSIM present), in receive order.</summary>
    public abstract Task<IReadOnlyList<FrameQualityPoint>> LoadFrameQualityAsync(long recordId, CancellationToken ct = default);

    /// <summary>Samples and events of a record, without frames.</summary>
    public abstract Task<RecordRaw> LoadSamplesAndEventsAsync(long recordId, CancellationToken ct = default);

    /// <summary>The summaries of the given records, one dictionary per record (metric name strings shared).</summary>
    public abstract Task<Dictionary<long, Dictionary<string, double>>> LoadSummariesAsync(IReadOnlyList<long> ids, CancellationToken ct = default);

    /// <summary>
    /// Begins a transaction on <paramref name="db"/> that writes: SQLite takes the write lock at once (<c>BEGIN IMMEDIATE</c>),
    /// so two claimers queue up instead of both reading the same queued record; PostgreSQL locks rows as it goes.
    /// </summary>
    internal async Task<WriteTransaction> BeginWriteAsync(StreamLabDbContext db, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        var tx = await BeginOnAsync(db.Database.GetDbConnection(), ct);
        await db.Database.UseTransactionAsync(tx, ct);
        return new WriteTransaction(db, tx);
    }

    /// <summary>The provider's transaction for <see cref="BeginWriteAsync"/>.</summary>
    private protected virtual async Task<System.Data.Common.DbTransaction> BeginOnAsync(System.Data.Common.DbConnection connection, CancellationToken ct) =>
        await connection.BeginTransactionAsync(ct);

    /// <summary>Serialises run creation for one campaign inside <see cref="BeginWriteAsync"/>'s transaction (PostgreSQL: an advisory lock).</summary>
    internal virtual Task LockCampaignAsync(StreamLabDbContext db, long campaignId, CancellationToken ct) => Task.CompletedTask;

    /// <summary>
    /// The id of the oldest queued record in <paramref name="scope"/>, locked for this transaction so no other claimer
    /// gets it; null when there is none.
    /// </summary>
    internal virtual Task<long?> NextQueuedAsync(StreamLabDbContext db, ClaimScope scope, CancellationToken ct) =>
        Queued(db, scope).OrderBy(r => r.Id).Select(r => (long?)r.Id).FirstOrDefaultAsync(ct);

    /// <summary>Queued records of runs in <paramref name="scope"/>.</summary>
    internal static IQueryable<Model.RecordEntity> Queued(StreamLabDbContext db, ClaimScope scope) =>
        InScope(db.Records.Where(r => r.Status == RecordStatus.Queued), scope);

    /// <summary>Records of runs in <paramref name="scope"/>.</summary>
    internal static IQueryable<Model.RecordEntity> InScope(IQueryable<Model.RecordEntity> records, ClaimScope scope)
    {
        records = records.Where(r => r.RunId != null);
        if (scope.RunId is { } run)
        {
            records = records.Where(r => r.RunId == run);
        }
        if (scope.CampaignId is { } campaign)
        {
            records = records.Where(r => r.CampaignId == campaign);
        }
        if (scope.PointKey is { } point)
        {
            records = records.Where(r => r.PointKey == point);
        }
        return records;
    }

    /// <summary>The database at <paramref name="target"/>; nothing is opened until it is used.</summary>
    public static StoreDatabase Open(DatabaseTarget target) => target.Provider switch
    {
        StoreProvider.Sqlite => new SqliteDatabase(target.ConnectionString),
        StoreProvider.Postgres => new PostgresDatabase(target.ConnectionString),
        _ => throw new ArgumentOutOfRangeException(nameof(target)),
    };

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }
}

/// <summary>A transaction EF Core's context takes part in; disposing it without a commit rolls it back.</summary>
internal sealed class WriteTransaction(StreamLabDbContext db, System.Data.Common.DbTransaction tx) : IAsyncDisposable
{
    public async Task CommitAsync(CancellationToken ct)
    {
        await tx.CommitAsync(ct);
        await db.Database.UseTransactionAsync(null, ct);
    }

    public async ValueTask DisposeAsync()
    {
        await tx.DisposeAsync();
        if (db.Database.CurrentTransaction is not null)
        {
            await db.Database.UseTransactionAsync(null);
        }
    }
}

/// <summary>The database named by <c>--db</c> (or the data folder's SQLite file) cannot be used; the message says why.</summary>
public sealed class DatabaseUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
