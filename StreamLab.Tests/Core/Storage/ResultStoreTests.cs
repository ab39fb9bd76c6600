using StreamLab.Core.Charts;
using StreamLab.Core.Raw;
using StreamLab.Core.Storage;

namespace StreamLab.Tests.Core.Storage;

/// <summary>The store's EF Core side, run on each provider (subclasses at the end of the file).</summary>
public abstract class ResultStoreTests(StoreProvider provider) : IAsyncLifetime
{
    private readonly StoreFixture _db = new(provider);

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task Migrate_Twice_IsIdempotentAndKeepsData()
    {
        var id = await _db.Store.UpsertCampaignAsync(StoreFixture.Campaign("c1"));
        await _db.Store.MigrateAsync();
        var reopened = _db.Reopen();
        await reopened.MigrateAsync();

        Assert.Equal(id, (await reopened.FindCampaignAsync("c1"))!.Id);
        // One history row per migration of this provider's context (applied once each), however many later branches add.
        await using var context = _db.Store.Database.CreateContext();
        var migrations = typeof(StreamLabDbContext).Assembly.GetTypes().Count(t =>
            t.IsSubclassOf(typeof(Microsoft.EntityFrameworkCore.Migrations.Migration))
            && t.GetCustomAttributes(typeof(Microsoft.EntityFrameworkCore.Infrastructure.DbContextAttribute), false)
                .Cast<Microsoft.EntityFrameworkCore.Infrastructure.DbContextAttribute>().Single().ContextType == context.GetType());
        Assert.True(migrations >= (provider == StoreProvider.Sqlite ? 3 : 1), "SQLite: InitialSchema, AddReports and AddTargetVersions at least");
        Assert.Equal(migrations, _db.Count("SELECT COUNT(*) FROM \"__EFMigrationsHistory\""));
        reopened.Database.Dispose();
        if (provider == StoreProvider.Sqlite)
        {
            Assert.Equal("wal", Scalar("PRAGMA journal_mode"));
        }
    }

    [Fact]
    public async Task UpsertCampaign_SameName_UpdatesInPlace()
    {
        var first = await _db.Store.UpsertCampaignAsync(StoreFixture.Campaign("c1", "a: 1\n"));
        var created = (await _db.Store.FindCampaignAsync("c1"))!.CreatedAt;
        var second = await _db.Store.UpsertCampaignAsync(StoreFixture.Campaign("c1", "a: 2\n") with { Description = null, SourcePath = "new.yaml" });
        await _db.Store.UpsertCampaignAsync(StoreFixture.Campaign("c2"));

        Assert.Equal(first, second);
        var c1 = await _db.Store.FindCampaignAsync("c1");
        Assert.Equal(new CampaignView(first, "c1", null, "a: 2\n", "new.yaml", created), c1);
        Assert.Equal(["c1", "c2"], (await _db.Store.ListCampaignsAsync()).Select(c => c.Name));
        Assert.Null(await _db.Store.FindCampaignAsync("missing"));
    }

    [Fact]
    public async Task RecordLifecycle_StartWindowFinish_ReadsBackEverything()
    {
        var (campaignId, recordId) = await _db.StartRecordAsync("c1", "bitrate=1", 2);
        await _db.Store.SetRecordDirAsync(recordId, "/data/records/1");
        await _db.Store.SetWindowAsync(recordId, 1_000, 2_000);
        var started = await _db.Store.GetRecordAsync(recordId);
        Assert.Equal(RecordStatus.Running, started!.Status);
        Assert.Empty(started.Summary);

        var ended = DateTimeOffset.Parse("2026-01-02T03:04:05.678+00:00");
        await _db.Store.FinishRecordAsync(recordId, RecordStatus.Failed, "first", ended, new Dictionary<string, double> { ["old"] = 1 });
        await _db.Store.FinishRecordAsync(recordId, RecordStatus.Succeeded, null, ended,
            new Dictionary<string, double> { ["latency_p95_ms"] = 123.5, ["fps"] = 29.97, ["not_computed"] = double.NaN });

        var view = await _db.Store.GetRecordAsync(recordId);
        Assert.NotNull(view);
        Assert.Equal((campaignId, "c1", "bitrate=1", 2), (view.CampaignId, view.Campaign, view.PointKey, view.Repetition));
        Assert.Equal(RecordStatus.Succeeded, view.Status);
        Assert.Null(view.Reason);
        Assert.Equal(ended, view.EndedAt);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddDays(20000), view.StartedAt);
        Assert.Equal((1_000L, 2_000L), (view.T0Us, view.T1Us));
        Assert.Equal("/data/records/1", view.RecordDir);
        Assert.Equal("1", view.Params["bitrate"]);
        Assert.Equal(("lab-1", "5.1"), (view.Host!.Hostname, view.Host.ToolVersions["ffmpeg"]));
        Assert.Equal(new Dictionary<string, double> { ["latency_p95_ms"] = 123.5, ["fps"] = 29.97 }, view.Summary);
        Assert.Equal("succeeded", _db.Scalar<string>($"SELECT status FROM records WHERE id = {recordId}"));
    }

    [Fact]
    public async Task ListRecords_FiltersByCampaignAndOrdersById()
    {
        var (_, a) = await _db.StartRecordAsync("c1", "p=1");
        var (_, b) = await _db.StartRecordAsync("c2", "p=1");
        var (_, c) = await _db.StartRecordAsync("c1", "p=2");

        Assert.Equal([a, b, c], (await _db.Store.ListRecordsAsync()).Select(r => r.Id));
        Assert.Equal([a, c], (await _db.Store.ListRecordsAsync("c1")).Select(r => r.Id));
        Assert.Empty(await _db.Store.ListRecordsAsync("nope"));
        Assert.Null(await _db.Store.GetRecordAsync(c + 100));
    }

    [Fact]
    public async Task SetWindow_UnknownRecord_Throws() =>
        await Assert.ThrowsAsync<KeyNotFoundException>(() => _db.Store.SetWindowAsync(999, 1, 2));

    [Fact]
    public async Task MarkInterrupted_ChangesOnlyRunningRecords()
    {
        var (_, running) = await _db.StartRecordAsync(point: "p=1");
        var (_, done) = await _db.StartRecordAsync(point: "p=2");
        await _db.Store.FinishRecordAsync(done, RecordStatus.Succeeded, null, DateTimeOffset.UtcNow, new Dictionary<string, double>());

        Assert.Equal(1, await _db.Store.MarkInterruptedAsync());
        Assert.Equal(0, await _db.Store.MarkInterruptedAsync());

        var view = await _db.Store.GetRecordAsync(running);
        Assert.Equal((RecordStatus.Interrupted, ResultStore.InterruptedReason), (view!.Status, view.Reason));
        Assert.Equal("StreamLab stopped while the record was running", view.Reason);
        Assert.Equal(RecordStatus.Succeeded, (await _db.Store.GetRecordAsync(done))!.Status);
    }

    [Fact]
    public async Task Succeeded_ReturnsPointAndRepetitionOfSucceededRecordsOnly()
    {
        var (campaignId, r0) = await _db.StartRecordAsync(point: "p=1", repetition: 0);
        var (_, r1) = await _db.StartRecordAsync(point: "p=1", repetition: 1);
        var (_, r2) = await _db.StartRecordAsync(point: "p=2", repetition: 0);
        var (_, other) = await _db.StartRecordAsync(campaign: "other", point: "p=1", repetition: 0);
        foreach (var id in new[] { r0, r2, other })
        {
            await _db.Store.FinishRecordAsync(id, RecordStatus.Succeeded, null, DateTimeOffset.UtcNow, new Dictionary<string, double>());
        }
        await _db.Store.FinishRecordAsync(r1, RecordStatus.Failed, "boom", DateTimeOffset.UtcNow, new Dictionary<string, double>());

        var done = await _db.Store.SucceededAsync(campaignId);

        Assert.Equal(2, done.Count);
        Assert.Contains(("p=1", 0), done);
        Assert.Contains(("p=2", 0), done);
    }

    [Fact]
    public async Task DeleteRecords_RemovesRecordsRawRowsAndSummariesOfThatCampaignOnly()
    {
        var (campaignId, doomed) = await _db.StartRecordAsync("c1");
        var (_, kept) = await _db.StartRecordAsync("c2");
        await using (var writer = _db.Store.CreateRawWriter())
        {
            foreach (var id in new[] { doomed, kept })
            {
                writer.Add(new FrameRow(id, 1, 1, null, 2, 2));
                writer.Add(new SampleRow(id, "cpu_pct", 1, 1.0, false));
                writer.Add(new EventRow(id, 1, "burst_on", null));
            }
        }
        foreach (var id in new[] { doomed, kept })
        {
            await _db.Store.FinishRecordAsync(id, RecordStatus.Succeeded, null, DateTimeOffset.UtcNow, new Dictionary<string, double> { ["m"] = 1 });
        }

        await _db.Store.DeleteRecordsAsync(campaignId);

        Assert.Equal([kept], (await _db.Store.ListRecordsAsync()).Select(r => r.Id));
        foreach (var table in new[] { "frames", "samples", "events", "summaries" })
        {
            Assert.Equal(0, _db.Count($"SELECT COUNT(*) FROM {table} WHERE record_id = {doomed}"));
            Assert.Equal(1, _db.Count($"SELECT COUNT(*) FROM {table} WHERE record_id = {kept}"));
        }
        Assert.NotNull(await _db.Store.FindCampaignAsync("c1"));
    }

    [Fact]
    public async Task FrameQuality_StoredPerFrame_ReadsBackWithTheRowAndAsTheMeasuredFramesOnly()
    {
        var (_, id) = await _db.StartRecordAsync("q");
        var (_, other) = await _db.StartRecordAsync("q2");
        await using (var writer = _db.Store.CreateRawWriter())
        {
            writer.Add(new FrameRow(id, 2_000, 10, 1_900, 640, 360, PsnrDb: 41.5, Ssim: 0.98125));
            writer.Add(new FrameRow(other, 2_500, 10, 1_900, 640, 360, PsnrDb: 20, Ssim: 0.5));
            writer.Add(new FrameRow(id, 3_000, 11, 2_900, 640, 360));
            writer.Add(new FrameRow(id, 4_000, 20, 3_900, 640, 360, Ssim: 0.75));
        }
        // A frame sharing a stored frame's microsecond takes the next seq (PostgreSQL: through its staging table).
        await using (var writer = _db.Store.CreateRawWriter())
        {
            writer.Add(new FrameRow(id, 2_000, 12, 1_950, 640, 360, Ssim: 0.5));
        }
        var raw = await _db.Store.LoadRawAsync(id);
        Assert.Equal([0.98125, 0.5, null, 0.75], raw.Frames.Select(f => f.Ssim));
        Assert.Equal([new FrameQualityPoint(2_000, 41.5, 0.98125), new FrameQualityPoint(2_000, null, 0.5), new FrameQualityPoint(4_000, null, 0.75)],
            await _db.Store.LoadFrameQualityAsync(id));
        Assert.Empty(await _db.Store.LoadFrameQualityAsync(12345));
    }

    [Fact]
    public async Task FrameDigest_KeptAtFinish_ReadsBackAsComputedFromTheFrames_AndGoesWithItsRecord()
    {
        var (campaignId, id) = await _db.StartRecordAsync("c1", "bitrate=1");
        var started = (await _db.Store.GetRecordAsync(id))!.StartedAt.ToUnixTimeMilliseconds() * 1000;
        await using (var writer = _db.Store.CreateRawWriter())
        {
            for (var f = 0; f < 3_000; f++)
            {
                if (f % 101 == 5) continue; // lost ids
                var at = started + 250_000 + f * 33_333L;
                writer.Add(new FrameRow(id, at, f, f % 11 == 0 ? null : at - 40_000 - f % 23 * 997, 64, 48));
            }
            await writer.FlushAsync();
        }
        var expected = FrameDigest.Compute(await _db.Store.LoadFrameColumnsAsync(id), started);
        Assert.Null(await _db.Store.LoadFrameDigestAsync(id)); // running: none yet

        await _db.Store.FinishRecordAsync(id, RecordStatus.Succeeded, null, DateTimeOffset.UtcNow, new Dictionary<string, double>());

        var stored = await _db.Store.LoadFrameDigestAsync(id);
        Assert.NotNull(stored);
        Assert.Equal(30, stored.GapCount);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(expected), System.Text.Json.JsonSerializer.Serialize(stored));
        await _db.Store.DeleteRecordsAsync(campaignId);
        Assert.Equal(0, _db.Count("SELECT COUNT(*) FROM frame_digests"));
    }

    private string Scalar(string sql) => _db.Scalar<string>(sql);
}

public sealed class ResultStoreTestsOnSqlite() : ResultStoreTests(StoreProvider.Sqlite);

public sealed class ResultStoreTestsOnPostgres() : ResultStoreTests(StoreProvider.Postgres);
