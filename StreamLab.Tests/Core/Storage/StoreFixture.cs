using Microsoft.Data.Sqlite;
using StreamLab.Core.Campaigns;
using StreamLab.Core.Storage;

namespace StreamLab.Tests.Core.Storage;

/// <summary>A migrated store on a fresh SQLite file in a temp folder, deleted afterwards.</summary>
public sealed class StoreFixture : IAsyncLifetime
{
    public string DataDir { get; } = Path.Combine(Path.GetTempPath(), "streamlab-tests", Guid.NewGuid().ToString("N"));

    public ResultStore Store { get; private set; } = null!;

    public string DbPath => Path.Combine(DataDir, SqliteSetup.FileName);

    public async Task InitializeAsync()
    {
        Store = ResultStore.OpenSqlite(DataDir);
        await Store.MigrateAsync();
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(DataDir, recursive: true); } catch (IOException) { }
        return Task.CompletedTask;
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

    /// <summary>A row count read on a second connection, as another process would open the file.</summary>
    public long Count(string sql) => Scalar<long>(sql);

    /// <summary>Runs <paramref name="sql"/> on a plain, unpooled connection and returns the first value.</summary>
    public T Scalar<T>(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)command.ExecuteScalar()!;
    }
}
