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

/// <summary>The database named by <c>--db</c> (or the data folder's SQLite file) cannot be used; the message says why.</summary>
public sealed class DatabaseUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
