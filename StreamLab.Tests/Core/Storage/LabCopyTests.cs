using StreamLab.Core.Raw;
using StreamLab.Core.Storage;

namespace StreamLab.Tests.Core.Storage;

/// <summary><c>db copy</c> on real databases: a SQLite lab into the test PostgreSQL server and back into a new SQLite file.</summary>
public sealed class LabCopyTests(Xunit.Abstractions.ITestOutputHelper log) : IAsyncLifetime
{
    private readonly StoreFixture _lab = new();
    private readonly string _back = Path.Combine(Path.GetTempPath(), "streamlab-tests", Guid.NewGuid().ToString("N"));

    public Task InitializeAsync() => _lab.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _lab.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_back, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task Copy_SqliteToPostgresAndBack_KeepsEveryRowSummaryAndId()
    {
        var ids = await FillLabAsync();
        await using var pg = await PostgresTestServer.CreateDatabaseAsync(migrated: false);
        using var postgres = StoreDatabase.Open(pg.Target);
        using var back = StoreDatabase.Open(DatabaseTarget.Sqlite(_back));

        var there = await LabCopy.CopyAsync(_lab.Store.Database, postgres, log.WriteLine);
        var again = await LabCopy.CopyAsync(postgres, back);

        Assert.Equal(2, there.Records);
        Assert.Equal(5, there.SummaryValues);
        foreach (var (table, rows) in new[] { ("campaigns", 2L), ("records", 2L), ("frames", 2_000L), ("samples", 200L), ("series", 2L), ("events", 2L), ("frame_digests", 2L) })
        {
            Assert.Equal(rows, there.Tables.Single(t => t.Table == table).To);
            Assert.Equal(rows, again.Tables.Single(t => t.Table == table).To);
        }
        var source = new ResultStore(_lab.Store.Database, _lab.DataDir);
        foreach (var store in new[] { new ResultStore(postgres, _lab.DataDir), new ResultStore(back, _back) })
        {
            foreach (var id in ids)
            {
                Assert.Equal(Describe((await source.GetRecordAsync(id))!), Describe((await store.GetRecordAsync(id))!));
                var (a, b) = (await source.LoadRawAsync(id), await store.LoadRawAsync(id));
                Assert.Equal(a.Frames, b.Frames);
                Assert.Equal(a.Samples, b.Samples);
                Assert.Equal(a.Events, b.Events);
            }
            // Ids go on after the copied ones: a new campaign does not collide.
            Assert.Equal(ids.Max() + 1, await store.StartRecordAsync(new NewRecord(
                await store.UpsertCampaignAsync(StoreFixture.Campaign("new")), "p", new Dictionary<string, string>(), 0, DateTimeOffset.UnixEpoch, StoreFixture.Host)));
        }
    }

    [Fact]
    public async Task Copy_IntoADatabaseWithData_IsRefusedAndChangesNothing()
    {
        await FillLabAsync();
        using var back = StoreDatabase.Open(DatabaseTarget.Sqlite(_back));
        await LabCopy.CopyAsync(_lab.Store.Database, back);

        var e = await Assert.ThrowsAsync<LabCopyException>(() => LabCopy.CopyAsync(_lab.Store.Database, back));

        Assert.Contains("is not empty (2 rows in campaigns)", e.Message);
        Assert.Equal(2, (await new ResultStore(back, _back).ListRecordsAsync()).Count);
    }

    /// <summary>Every field of a record, dictionaries in key order and times as instants.</summary>
    private static string Describe(RecordView r) => System.Text.Json.JsonSerializer.Serialize(r with
    {
        Params = new SortedDictionary<string, string>(r.Params.ToDictionary()),
        Summary = new SortedDictionary<string, double>(r.Summary.ToDictionary()),
        StartedAt = r.StartedAt.ToUniversalTime(),
        EndedAt = r.EndedAt?.ToUniversalTime(),
        Host = r.Host is { } h ? h with { ToolVersions = new SortedDictionary<string, string>(h.ToolVersions.ToDictionary()) } : null,
    });

    /// <summary>Two campaigns, two finished records with frames (two sharing a microsecond), samples of two series, events, summaries.</summary>
    private async Task<long[]> FillLabAsync()
    {
        var (_, first) = await _lab.StartRecordAsync("c1", "bitrate=1");
        var (_, second) = await _lab.StartRecordAsync("c2", "bitrate=2");
        var start = (await _lab.Store.GetRecordAsync(first))!.StartedAt.ToUnixTimeMilliseconds() * 1000;
        await using (var writer = _lab.Store.CreateRawWriter())
        {
            for (var i = 0; i < 1_000; i++)
            {
                var at = start + i * 33_333L;
                writer.Add(new FrameRow(first, at, i, i % 7 == 0 ? null : at - 41_000, 1280, 720, SizeBytes: 20_000 + i, DecodeUs: 1.5 * i));
                if (i != 500) writer.Add(new FrameRow(second, at, i, at - 20_000, 640, 360));
                if (i == 10) writer.Add(new FrameRow(second, at, 10_000, null, 640, 360)); // the same microsecond: next seq
            }
            for (var i = 0; i < 100; i++)
            {
                writer.Add(new SampleRow(first, "cpu_pct{role=\"server\"}", start + i * 100_000L, i * 0.25, i < 10));
                writer.Add(new SampleRow(second, "rss_mb", start + i * 100_000L, 1e6 / (i + 1), false));
            }
            writer.Add(new EventRow(first, start + 5_000_000, "burst_on", "rate=2M"));
            writer.Add(new EventRow(second, start + 6_000_000, "burst_off", null));
            await writer.FlushAsync();
        }
        var ended = DateTimeOffset.UnixEpoch.AddDays(20000).AddSeconds(40);
        await _lab.Store.FinishRecordAsync(first, RecordStatus.Succeeded, null, ended, new Dictionary<string, double> { ["fps_mean"] = 29.97, ["latency_p50_ms"] = 41, ["x"] = 1.0 / 3 });
        await _lab.Store.FinishRecordAsync(second, RecordStatus.Failed, "client exited 1", ended, new Dictionary<string, double> { ["fps_mean"] = 30, ["latency_p50_ms"] = 20 });
        return [first, second];
    }
}
