using StreamLab.Core.Storage;
using Xunit.Abstractions;

namespace StreamLab.Tests.Collectors.Stacks;

/// <summary>The live-ws stack end to end: the real runner starts `streamlab sut` server and client processes.</summary>
[Trait("Category", "Slow")]
[Collection(nameof(CpuMeasurements))]
public class LiveWsStackTests(ITestOutputHelper output)
{
    private static string Campaign(string mode, string duration) => $"""
        name: lw-{mode}
        stack: live-ws
        duration: {duration}
        warmup: 1s
        sample_interval: 500ms
        params: {"{"} client_mode: {mode}, fps: 30, resolution: 720p {"}"}
        """;

    private async Task<IReadOnlyDictionary<string, double>> RunAsync(string mode, string duration)
    {
        await using var lab = await Lab.StartAsync();
        var result = await lab.RunAsync(lab.Campaign(Campaign(mode, duration)));
        var outcome = Assert.Single(result.Outcomes);
        Assert.True(outcome.Status == RecordStatus.Succeeded, outcome.Reason);
        var record = await lab.Store.GetRecordAsync(outcome.RecordId);
        var s = record!.Summary;
        output.WriteLine(string.Join(", ", s.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}={kv.Value:G5}")));
        var raw = await lab.Store.LoadRawAsync(outcome.RecordId);
        Assert.Contains(raw.Samples, x => x.Series == "queue_depth");
        Assert.Contains(raw.Samples, x => x.Series == "stamp_mismatch_total");
        Assert.DoesNotContain(raw.Samples, x => x.Series == "stamp_mismatch_total" && x.Value > 0);
        return s;
    }

    [Fact]
    public async Task SmartClient_720p30_OnLoopback_GetsEveryFrameAndEveryStamp()
    {
        var s = await RunAsync("smart", "4s");
        Assert.True(s["fps_mean"] >= 29.5, $"fps_mean {s["fps_mean"]}");
        Assert.Equal(0, s["frames_lost"]);
        Assert.Equal(0, s["stamp_fail_pct"]);
        Assert.InRange(s["latency_p50_ms"], 0, 100);
        Assert.InRange(s["psnr_mean_db"], 25, 100);
        Assert.InRange(s["ssim_mean"], 0.8, 1.0);
        Assert.Equal(0, s["decode_fail_count"]);
        Assert.True(s["encode_ms_mean"] > 0 && s["decode_ms_mean"] > 0 && s["frame_kb_mean"] > 1);
        Assert.True(s.ContainsKey("queue_depth_max") && s.ContainsKey("cpu_pct_server") && s.ContainsKey("rss_mb_client"));
    }

    [Fact]
    public async Task SmartClient_QualityMeasurementOnAndOff_GetsTheSameFps()
    {
        await using var lab = await Lab.StartAsync();
        var result = await lab.RunAsync(lab.Campaign("""
            name: lw-quality
            stack: live-ws
            duration: 3s
            warmup: 1s
            sample_interval: 500ms
            matrix: { quality_every: [0, 10] }
            params: { client_mode: smart, fps: 30, resolution: 720p }
            """));
        var summaries = new Dictionary<string, IReadOnlyDictionary<string, double>>();
        foreach (var outcome in result.Outcomes)
        {
            Assert.True(outcome.Status == RecordStatus.Succeeded, outcome.Reason);
            var record = (await lab.Store.GetRecordAsync(outcome.RecordId))!;
            summaries[record.PointKey] = record.Summary;
            output.WriteLine($"{record.PointKey}: fps {record.Summary["fps_mean"]:F2}, latency p50 {record.Summary["latency_p50_ms"]:F1} ms, cpu client {record.Summary["cpu_pct_client"]:F1} %");
        }
        var (off, on) = (summaries["quality_every=0"], summaries["quality_every=10"]);
        Assert.False(off.ContainsKey("ssim_mean") || off.ContainsKey("psnr_mean_db"));
        Assert.InRange(on["ssim_mean"], 0.8, 1.0);
        Assert.True(off["fps_mean"] >= 29.5 && on["fps_mean"] >= 29.5, $"fps off {off["fps_mean"]}, on {on["fps_mean"]}");
        Assert.Equal(0, on["frames_lost"]);
    }

    [Fact]
    public async Task NaiveClient_720p30_ReceivesStampedFramesOverBase64Json()
    {
        var s = await RunAsync("naive", "3s");
        Assert.True(s["frames_received"] > 30, $"frames_received {s["frames_received"]}");
        Assert.Equal(0, s["stamp_fail_pct"]);
        Assert.True(s.ContainsKey("latency_p50_ms") && s.ContainsKey("psnr_mean_db"));
    }
}
