using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using StreamLab.Core.Campaigns;
using StreamLab.Core.Storage;

namespace StreamLab.Tests.Core.Storage;

/// <summary>
/// A migrated store on a fresh database: a SQLite file in a temp folder, or a PostgreSQL database of its own on the test
/// server (<see cref="PostgresTestServer"/>). Both are deleted afterwards.
/// </summary>
public sealed class StoreFixture : IAsyncLifetime
{
    private PostgresTestDatabase? _postgres;

    /// <summary>On SQLite (what <c>IClassFixture&lt;StoreFixture&gt;</c> gets: xunit wants one public constructor).</summary>
    public StoreFixture()
    {
    }

    internal StoreFixture(StoreProvider provider) => Provider = provider;

    public StoreProvider Provider { get; } = StoreProvider.Sqlite;

    public string DataDir { get; } = Path.Combine(Path.GetTempPath(), "streamlab-tests", Guid.NewGuid().ToString("N"));

    public ResultStore Store { get; private set; } = null!;

    public string DbPath => Path.Combine(DataDir, SqliteSetup.FileName);

    public async Task InitializeAsync()
    {
        if (Provider == StoreProvider.Postgres)
        {
            _postgres = await PostgresTestServer.CreateDatabaseAsync();
            Store = ResultStore.Open(_postgres.Target, DataDir);
        }
        else
        {
            Store = ResultStore.OpenSqlite(DataDir);
        }
        await Store.MigrateAsync();
    }

    /// <summary>A second store on the same database, as another process would open it.</summary>
    public ResultStore Reopen() => Provider == StoreProvider.Postgres ? ResultStore.Open(_postgres!.Target, DataDir) : ResultStore.OpenSqlite(DataDir);

    public async Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Store.Database.Dispose();
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
        try { Directory.Delete(DataDir, recursive: true); } catch (IOException) { }
    }

    public static Campaign Campaign(string name, string yaml = "name: x\n") => new()
    {
        Name = name,
        Description = "about " + name,
        Duration = TimeSpan.FromSeconds(10),
        Matrix = [],
        Roles = [],
        Yaml = yaml,
        SourcePath = name + ".yaml",
    };

    public static readonly HostFingerprint Host = new("lab-1", "6.1.0", "Xeon", 2, 4096,
        new Dictionary<string, string> { ["ffmpeg"] = "5.1" });

    public async Task<(long CampaignId, long RecordId)> StartRecordAsync(string campaign = "c1", string point = "bitrate=1", int repetition = 0)
    {
        var existing = await Store.FindCampaignAsync(campaign);
        var campaignId = existing?.Id ?? await Store.UpsertCampaignAsync(Campaign(campaign));
        var recordId = await Store.StartRecordAsync(new NewRecord(campaignId, point,
            new Dictionary<string, string> { ["bitrate"] = "1" }, repetition, DateTimeOffset.UnixEpoch.AddDays(20000), Host));
        return (campaignId, recordId);
    }

    /// <summary>A row count read on a second connection, as another process would open the database.</summary>
    public long Count(string sql) => Convert.ToInt64(Scalar<object>(sql), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Runs <paramref name="sql"/> on a plain, unpooled connection and returns the first value.</summary>
    public T Scalar<T>(string sql)
    {
        using var connection = OpenUnpooled();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)command.ExecuteScalar()!;
    }

    /// <summary>An open connection outside every pool (SQLite file or PostgreSQL database).</summary>
    public DbConnection OpenUnpooled()
    {
        DbConnection connection = Provider == StoreProvider.Postgres
            ? new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_postgres!.ConnectionString) { Pooling = false }.ConnectionString)
            : new SqliteConnection($"Data Source={DbPath};Pooling=False");
        connection.Open();
        return connection;
    }
}
