using Microsoft.EntityFrameworkCore;
using Npgsql;
using StreamLab.Core.Raw;

namespace StreamLab.Core.Storage.Postgres;

/// <summary>
/// A PostgreSQL server shared by many StreamLab processes: EF Core (Npgsql) for campaigns, records and summaries, binary
/// COPY for raw rows in, and plain readers (binary protocol) for raw rows out. Connections come from Npgsql's pool for
/// this connection string.
/// </summary>
public sealed class PostgresDatabase : StoreDatabase
{
    private readonly DbContextOptions<PostgresStreamLabDbContext> _options;
    private readonly PostgresSeries _series;

    public PostgresDatabase(string connectionString)
    {
        ConnectionString = connectionString;
        _options = new DbContextOptionsBuilder<PostgresStreamLabDbContext>().UseNpgsql(connectionString).Options;
        _series = new PostgresSeries(connectionString);
    }

    public override StoreProvider Provider => StoreProvider.Postgres;

    public override string ConnectionString { get; }

    public override string Describe() => Target.Describe();

    private DatabaseTarget Target => DatabaseTarget.Postgres(ConnectionString);

    public override StreamLabDbContext CreateContext() => new PostgresStreamLabDbContext(_options);

    /// <summary>A connection from the pool, opened; dispose it.</summary>
    internal NpgsqlConnection Open()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        try
        {
            connection.Open();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    internal async Task<NpgsqlConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new NpgsqlConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public override async Task CheckReachableAsync(CancellationToken ct = default)
    {
        try
        {
            await using var connection = await OpenAsync(ct);
        }
        catch (Exception e) when (PostgresFailure.IsConnectionProblem(e))
        {
            throw PostgresFailure.Unavailable(Target, e);
        }
    }

    internal override async Task LockCampaignAsync(StreamLabDbContext db, long campaignId, CancellationToken ct) =>
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({campaignId})", ct);

    internal override async Task<long?> NextQueuedAsync(StreamLabDbContext db, ClaimScope scope, CancellationToken ct)
    {
        // SKIP LOCKED: a record another worker is claiming right now is passed over, not waited for.
        var sql = new System.Text.StringBuilder("SELECT id AS \"Value\" FROM records WHERE status = 'queued' AND run_id IS NOT NULL");
        var parameters = new List<NpgsqlParameter>();
        void Filter(string column, object? value)
        {
            if (value is not null)
            {
                sql.Append(System.Globalization.CultureInfo.InvariantCulture, $" AND {column} = @p{parameters.Count}");
                parameters.Add(new NpgsqlParameter($"p{parameters.Count}", value));
            }
        }
        Filter("run_id", scope.RunId);
        Filter("campaign_id", scope.CampaignId);
        Filter("point_key", scope.PointKey);
        sql.Append(" ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED");
        var ids = await db.Database.SqlQueryRaw<long>(sql.ToString(), parameters.ToArray<object>()).ToListAsync(ct);
        return ids.Count == 0 ? null : ids[0];
    }

    public override IRawWriter CreateRawWriter() => new BulkWriter(() => new PostgresBatchTarget(Open(), _series));

    public override async Task<IImportTransaction> BeginImportAsync(CancellationToken ct = default)
    {
        var connection = await OpenAsync(ct);
        try
        {
            var tx = await connection.BeginTransactionAsync(ct);
            var db = new PostgresStreamLabDbContext(new DbContextOptionsBuilder<PostgresStreamLabDbContext>().UseNpgsql(connection).Options);
            await db.Database.UseTransactionAsync(tx, ct);
            return new PostgresImport(connection, tx, db, new PostgresRowCopier(connection, tx, _series));
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public override Task<RecordRaw> LoadRawAsync(long recordId, CancellationToken ct = default) =>
        PostgresRawReader.LoadAsync(this, recordId, ct);

    public override Task<FrameColumns> LoadFrameColumnsAsync(long recordId, CancellationToken ct = default) =>
        PostgresRawReader.LoadFrameColumnsAsync(this, recordId, ct);

    public override Task<IReadOnlyList<FrameQualityPoint>> LoadFrameQualityAsync(long recordId, CancellationToken ct = default) =>
        PostgresRawReader.LoadFrameQualityAsync(this, recordId, ct);

    public override Task<RecordRaw> LoadSamplesAndEventsAsync(long recordId, CancellationToken ct = default) =>
        PostgresRawReader.LoadSamplesAndEventsAsync(this, recordId, ct);

    public override Task<Dictionary<long, Dictionary<string, double>>> LoadSummariesAsync(IReadOnlyList<long> ids, CancellationToken ct = default) =>
        PostgresRawReader.LoadSummariesAsync(this, ids, ct);

    /// <summary>Closes the pooled idle connections of this database (a test dropping it, a copy done with it).</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            using var connection = new NpgsqlConnection(ConnectionString);
            NpgsqlConnection.ClearPool(connection);
        }
    }

    private sealed class PostgresImport(NpgsqlConnection connection, NpgsqlTransaction tx, PostgresStreamLabDbContext db, PostgresRowCopier rows)
        : IImportTransaction
    {
        public StreamLabDbContext Context => db;

        public IRawRowInserter Rows => rows;

        public Task CommitAsync(CancellationToken ct = default) => tx.CommitAsync(ct);

        public async ValueTask DisposeAsync()
        {
            await db.DisposeAsync();
            await tx.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
