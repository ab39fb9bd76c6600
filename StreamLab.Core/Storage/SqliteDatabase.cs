using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using StreamLab.Core.Raw;

namespace StreamLab.Core.Storage;

/// <summary>The embedded default: one SQLite file in the data folder, raw rows through SQLite's own API.</summary>
public sealed class SqliteDatabase : StoreDatabase
{
    private readonly DbContextOptions<StreamLabDbContext> _options;

    public SqliteDatabase(string connectionString)
    {
        ConnectionString = connectionString;
        _options = new DbContextOptionsBuilder<StreamLabDbContext>()
            .UseSqlite(connectionString)
            .AddInterceptors(SqliteSetup.PragmaInterceptor.Instance)
            .Options;
    }

    public override StoreProvider Provider => StoreProvider.Sqlite;

    public override string ConnectionString { get; }

    /// <summary>The database file.</summary>
    public string FilePath => Path.GetFullPath(new SqliteConnectionStringBuilder(ConnectionString).DataSource);

    public override string Describe() => "SQLite " + FilePath;

    public override StreamLabDbContext CreateContext() => new(_options);

    public override Task CheckReachableAsync(CancellationToken ct = default)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
            using var connection = SqliteSetup.Open(ConnectionString);
            return Task.CompletedTask;
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new DatabaseUnavailableException($"cannot open {Describe()}: {e.Message}", e);
        }
    }

    // deferred: false is BEGIN IMMEDIATE: the write lock now, not at the first write (ClaimTests checks it blocks a second one).
    private protected override Task<System.Data.Common.DbTransaction> BeginOnAsync(System.Data.Common.DbConnection connection, CancellationToken ct) =>
        Task.FromResult<System.Data.Common.DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    public override IRawWriter CreateRawWriter() => new BulkWriter(ConnectionString);

    public override async Task<IImportTransaction> BeginImportAsync(CancellationToken ct = default)
    {
        var connection = SqliteSetup.Open(ConnectionString);
        try
        {
            var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
            var db = new StreamLabDbContext(new DbContextOptionsBuilder<StreamLabDbContext>().UseSqlite(connection).Options);
            await db.Database.UseTransactionAsync(tx, ct);
            return new SqliteImport(connection, tx, db);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public override Task<RecordRaw> LoadRawAsync(long recordId, CancellationToken ct = default) =>
        RawReader.LoadAsync(ConnectionString, recordId, ct);

    public override Task<FrameColumns> LoadFrameColumnsAsync(long recordId, CancellationToken ct = default) =>
        RawColumnReader.LoadFramesAsync(ConnectionString, recordId, ct);

    public override Task<IReadOnlyList<FrameQualityPoint>> LoadFrameQualityAsync(long recordId, CancellationToken ct = default) =>
        FrameQualityReader.LoadAsync(ConnectionString, recordId, ct);

    public override Task<RecordRaw> LoadSamplesAndEventsAsync(long recordId, CancellationToken ct = default) =>
        RawColumnReader.LoadSamplesAndEventsAsync(ConnectionString, recordId, ct);

    public override Task<Dictionary<long, Dictionary<string, double>>> LoadSummariesAsync(IReadOnlyList<long> ids, CancellationToken ct = default) =>
        RawColumnReader.LoadSummariesAsync(ConnectionString, ids, ct);

    private sealed class SqliteImport(SqliteConnection connection, SqliteTransaction tx, StreamLabDbContext db) : IImportTransaction
    {
        private readonly RawRowInserter _rows = new(connection);

        public StreamLabDbContext Context => db;

        public IRawRowInserter Rows => _rows;

        public Task CommitAsync(CancellationToken ct = default) => tx.CommitAsync(ct);

        public async ValueTask DisposeAsync()
        {
            _rows.Dispose();
            await db.DisposeAsync();
            await tx.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
