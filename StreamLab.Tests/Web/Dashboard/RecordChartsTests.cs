using StreamLab.Core.Charts;
using StreamLab.Core.Raw;
using StreamLab.Core.Storage;
using StreamLab.Tests.Core.Storage;
using StreamLab.Web.Dashboard;

namespace StreamLab.Tests.Web.Dashboard;

/// <summary>The record viewer's fast read path and its charts: same frames as the full read, counters as rates, one x range.</summary>
public class RecordChartsTests : IClassFixture<StoreFixture>
{
    private readonly StoreFixture _fx;

    public RecordChartsTests(StoreFixture fx) => _fx = fx;

    [Fact]
    public async Task FrameColumns_ReadThroughTheRawApi_MatchTheFullRead_EvenWithAnotherRecordInterleaved()
    {
        var campaign = await _fx.Store.UpsertCampaignAsync(StoreFixture.Campaign("columns"));
        var start = DateTimeOffset.UnixEpoch.AddSeconds(1_700_000_000);
        var a = await _fx.Store.StartRecordAsync(new NewRecord(campaign, "a", new Dictionary<string, string>(), 1, start, StoreFixture.Host));
        var b = await _fx.Store.StartRecordAsync(new NewRecord(campaign, "b", new Dictionary<string, string>(), 1, start, StoreFixture.Host));
        await using (var raw = _fx.Store.CreateRawWriter())
        {
            for (var f = 0; f < 3000; f++)
            {
                var at = 1_700_000_000_000_000 + f * 10_000L;
                // Out of receive order now and then, no stamp every 7th, and record b's rows written in between.
                raw.Add(new FrameRow(a, f % 100 == 50 ? at - 25_000 : at, f, f % 7 == 0 ? null : at - 30_000, 64, 48));
                raw.Add(new FrameRow(b, at, f, at, 64, 48));
            }
            raw.Add(new SampleRow(a, "x_total", 1_700_000_000_000_000, 5, false));
            raw.Add(new EventRow(a, 1_700_000_000_000_000, "burst_on", "d"));
            await raw.FlushAsync();
        }

        var full = await _fx.Store.LoadRawAsync(a);
        var columns = await _fx.Store.LoadFrameColumnsAsync(a);
        var rest = await _fx.Store.LoadSamplesAndEventsAsync(a);

        Assert.Equal(full.Frames.Count, columns.Count);
        for (var i = 0; i < columns.Count; i++)
        {
            Assert.Equal(full.Frames[i].RecvWallUs, columns.RecvWallUs[i]);
            Assert.Equal(full.Frames.Where(f => f.RecvWallUs == columns.RecvWallUs[i]).Select(f => f.FrameId), [columns.FrameId[i]]);
            Assert.Equal(full.Frames.Single(f => f.FrameId == columns.FrameId[i]).UserTimestampUs ?? FrameColumns.NoStamp, columns.UserTimestampUs[i]);
        }
        Assert.Empty(rest.Frames);
        Assert.Equal(full.Samples, rest.Samples);
        Assert.Equal(full.Events, rest.Events);
        Assert.Equal(0, (await _fx.Store.LoadFrameColumnsAsync(999_999)).Count);
    }

    [Fact]
    public async Task FrameColumns_OfALargeRecord_ReadInParallelRanges_KeepEveryRowOnceAndInOrder()
    {
        var campaign = await _fx.Store.UpsertCampaignAsync(StoreFixture.Campaign("columns-large"));
        var start = DateTimeOffset.UnixEpoch.AddSeconds(1_700_000_000);
        var a = await _fx.Store.StartRecordAsync(new NewRecord(campaign, "a", new Dictionary<string, string>(), 1, start, StoreFixture.Host));
        var b = await _fx.Store.StartRecordAsync(new NewRecord(campaign, "b", new Dictionary<string, string>(), 1, start, StoreFixture.Host));
        const int n = 250_000; // above the size read as several ranges
        await using (var raw = _fx.Store.CreateRawWriter())
        {
            for (var f = 0; f < n; f++)
            {
                var at = 1_700_000_000_000_000 + f * 1_000L;
                raw.Add(new FrameRow(a, at, f, f % 11 == 0 ? null : at - 500, 64, 48));
                if (f % 1000 == 0) raw.Add(new FrameRow(b, at, f, at, 64, 48));
            }
            await raw.FlushAsync();
        }

        var columns = await _fx.Store.LoadFrameColumnsAsync(a);

        Assert.Equal(n, columns.Count);
        for (var i = 0; i < n; i++)
        {
            if (columns.FrameId[i] != i || columns.RecvWallUs[i] != 1_700_000_000_000_000 + i * 1_000L
                || columns.UserTimestampUs[i] != (i % 11 == 0 ? FrameColumns.NoStamp : columns.RecvWallUs[i] - 500))
            {
                Assert.Fail($"row {i}: frame {columns.FrameId[i]} at {columns.RecvWallUs[i]}, stamp {columns.UserTimestampUs[i]}");
            }
        }
        Assert.Equal(n / 1000, (await _fx.Store.LoadFrameColumnsAsync(b)).Count);
    }

    [Fact]
    public async Task FrameDigest_KeptAtFinish_DrawsExactlyWhatTheFramesDraw_AndIsKeptLaterForRecordsWithoutOne()
    {
        var campaign = await _fx.Store.UpsertCampaignAsync(StoreFixture.Campaign("digest"));
        var start = DateTimeOffset.UnixEpoch.AddSeconds(1_700_000_000).AddTicks(1234567);
        var id = await _fx.Store.StartRecordAsync(new NewRecord(campaign, "d", new Dictionary<string, string>(), 1, start, StoreFixture.Host));
        var us = start.ToUnixTimeMilliseconds() * 1000;
        await using (var raw = _fx.Store.CreateRawWriter())
        {
            // 3 clients (shared microseconds, ids out of order), lost ids, unstamped frames, 40 s at 50 fps: several buckets.
            for (var f = 0; f < 2_000; f++)
            {
                for (var c = 0; c < 3; c++)
                {
                    if ((f + c) % 97 == 0 || f % 250 == 7) continue;
                    var at = us + 300_000 + f * 20_000L + (c == 2 ? 7 : 0);
                    raw.Add(new FrameRow(id, at, f, (f + c) % 13 == 0 ? null : at - 30_000 - f % 17 * 1_000, 64, 48));
                }
            }
            raw.Add(new EventRow(id, us + 5_000_000, "burst_on", null));
            await raw.FlushAsync();
        }
        await _fx.Store.FinishRecordAsync(id, RecordStatus.Succeeded, null, start.AddSeconds(41), new Dictionary<string, double>());
        var record = (await _fx.Store.GetRecordAsync(id))!;

        var stored = await _fx.Store.LoadFrameDigestAsync(id);
        var fromDigest = RecordCharts.Build(record, await RecordChartData.LoadAsync(_fx.Store, record));
        var fromFrames = RecordCharts.Build(record, await _fx.Store.LoadRawAsync(id));

        Assert.NotNull(stored);
        Assert.Equal(8, stored.GapCount); // ids every client missed (f % 250 == 7)
        Assert.InRange(stored.Latency!.Count, 1000, SeriesReducer.DefaultBuckets);
        Assert.Equal(Json(fromFrames), Json(fromDigest));
        // A record finished without one (imported, or before digests were kept) gets it at its first view; a running one never.
        _fx.Scalar<long>($"DELETE FROM frame_digests WHERE record_id = {id} RETURNING record_id");
        Assert.Null(await _fx.Store.LoadFrameDigestAsync(id));
        await RecordChartData.LoadAsync(_fx.Store, record with { Status = RecordStatus.Running });
        Assert.Null(await _fx.Store.LoadFrameDigestAsync(id));
        Assert.Equal(Json(fromFrames), Json(RecordCharts.Build(record, await RecordChartData.LoadAsync(_fx.Store, record))));
        Assert.Equal(Json(stored), Json(await _fx.Store.LoadFrameDigestAsync(id)));
        // A digest of another version is not used.
        _fx.Scalar<long>($"UPDATE frame_digests SET version = version + 1 WHERE record_id = {id} RETURNING record_id");
        Assert.Null(await _fx.Store.LoadFrameDigestAsync(id));
    }

    private static string Json<T>(T value) => System.Text.Json.JsonSerializer.Serialize(value);

    [Fact]
    public void FramesPerSecond_LeavesOutThePartlyCoveredFirstAndLastSeconds()
    {
        var start = DateTimeOffset.UnixEpoch.AddSeconds(1_700_000_000);
        var us = start.ToUnixTimeMilliseconds() * 1000;
        var record = new RecordView(1, 1, "c", "", new Dictionary<string, string>(), 1, RecordStatus.Succeeded, null, start, start.AddSeconds(5),
            us, us + 5_000_000, null, null, new Dictionary<string, double>());
        // 20 fps from 0.5 s to 4.45 s: seconds 1, 2 and 3 are whole (20 frames each); 0 and 4 are half seconds (10 frames).
        var frames = Enumerable.Range(0, 80).Select(f => new FrameRow(1, us + 500_000 + f * 50_000L, f, us + 500_000 + f * 50_000L - 1_000, 8, 8)).ToList();

        var fps = Assert.Single(RecordCharts.Build(record, new RecordRaw(frames, [], [])), c => c.Title == "Frames received per second");

        Assert.Equal([1.0, 2.0, 3.0], fps.Traces[0].X.Select(Convert.ToDouble));
        Assert.All(fps.Traces[0].Y, y => Assert.Equal(20, y));
    }

    [Fact]
    public void CounterRates_ResetAndIrregularSpacing_GivePrometheusLikeRates()
    {
        SampleRow S(long s, double v) => new(1, "x_total", s * 1_000_000, v, false);

        var rates = CounterRates.Rates([S(0, 10), S(1, 20), S(3, 30), S(4, 4), S(4, 9)]);

        // +10 in 1 s, +10 in 2 s, a reset to 4 counts 4 in 1 s, a zero-length step is skipped.
        Assert.Equal([10.0, 5.0, 4.0], rates.Select(r => r.Rate));
        Assert.True(CounterRates.IsCounter("http_requests_total"));
        Assert.True(CounterRates.IsCounter("latency_seconds_bucket"));
        Assert.False(CounterRates.IsCounter("queue_depth"));
    }

    [Fact]
    public void Build_CountersAsRates_GaugesAsValues_AndOneXRangeForEveryChart()
    {
        var start = DateTimeOffset.UnixEpoch.AddSeconds(1_700_000_000);
        var us = start.ToUnixTimeMilliseconds() * 1000;
        var record = new RecordView(1, 1, "c", "", new Dictionary<string, string>(), 1, RecordStatus.Succeeded, null, start, start.AddSeconds(10),
            us, us + 10_000_000, null, null, new Dictionary<string, double>());
        var frames = Enumerable.Range(0, 50).Select(f => new FrameRow(1, us + f * 100_000L, f, us + f * 100_000L - 20_000, 8, 8)).ToList();
        var samples = Enumerable.Range(0, 5).SelectMany(s => new[]
        {
            new SampleRow(1, "dropped_total", us + s * 1_000_000L, s * 30, false),
            new SampleRow(1, "queue_depth", us + s * 1_000_000L, 7, false),
        }).ToList();

        var charts = RecordCharts.Build(record, new RecordRaw(frames, samples, []));

        var counter = Assert.Single(charts, c => c.Title.StartsWith("dropped_total", StringComparison.Ordinal));
        Assert.Equal("/s", counter.YTitle);
        Assert.All(counter.Traces[0].Y, y => Assert.Equal(30, y));
        var gauge = Assert.Single(charts, c => c.Title == "queue_depth");
        Assert.All(gauge.Traces[0].Y, y => Assert.Equal(7, y));
        Assert.All(charts, c => Assert.Equal([0.0, 10.0], c.XRange!));

        // An imported record starts at T0 with its warm-up rows before it: the range reaches back to them.
        var early = RecordCharts.Build(record, new RecordRaw([new FrameRow(1, us - 2_000_000, 0, us - 2_010_000, 8, 8), .. frames], samples, []));
        Assert.All(early, c => Assert.Equal([-2.0, 10.0], c.XRange!));
    }

    [Fact]
    public async Task UiBenchmark_SmallRun_TimesBothViewsWithinTheReductionBound()
    {
        var dir = Path.Combine(Path.GetTempPath(), "streamlab-tests", Guid.NewGuid().ToString("N"));
        try
        {
            var timings = await UiBenchmark.RunAsync(dir, records: 30, frames: 20_000, runs: 2, TextWriter.Null, largeFrames: 48_000);

            Assert.Equal(4, timings.Count); // matrix, finished record, multi-client record, the first one still running
            Assert.All(timings, t => Assert.Equal(2, t.Runs.Count));
            // 20,000 frames become at most a few thousand points per trace.
            Assert.InRange(timings[1].Points, 100, 20 * SeriesReducer.DefaultBuckets);
            Assert.Equal(timings[1].Points, timings[3].Points); // the stored digest draws what the frames do
            Assert.Contains("record viewer", UiBenchmark.Format(timings));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }
}
