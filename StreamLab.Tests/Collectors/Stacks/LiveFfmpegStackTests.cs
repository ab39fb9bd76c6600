using StreamLab.Collectors.Stacks.Ffmpeg;
using StreamLab.Core.Storage;
using Xunit.Abstractions;

namespace StreamLab.Tests.Collectors.Stacks;

/// <summary>The live-ffmpeg stack end to end with Debian's real ffmpeg: `streamlab sut ffmpeg-receiver|ffmpeg-sender` processes.</summary>
[Trait("Category", "Slow")]
[Collection(nameof(CpuMeasurements))]
public class LiveFfmpegStackTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Record_720p30_2Mbps_DecodesEveryStamp_AndVstatsShowsAnIFrameEvery30()
    {
        await using var lab = await Lab.StartAsync();
        var campaign = lab.Campaign("""
            name: ff-720p30
            stack: live-ffmpeg
            duration: 4s
            warmup: 2s
            sample_interval: 500ms
            params: { fps: 30, resolution: 720p, bitrate_kbps: 2000, keyframe_period: 30, rate_control: cbr, calibrate_s: 2 }
            """);
        var outcome = Assert.Single((await lab.RunAsync(campaign)).Outcomes);
        Assert.True(outcome.Status == RecordStatus.Succeeded, outcome.Reason);
        var s = (await lab.Store.GetRecordAsync(outcome.RecordId))!.Summary;
        output.WriteLine(string.Join(", ", s.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}={kv.Value:G5}")));

        Assert.Equal(0, s["stamp_fail_pct"]);
        Assert.Equal(0, s["frames_lost"]);
        Assert.InRange(s["frames_received"], 30 * 4 * 0.85, 30 * 4 * 1.25); // ≈ fps × duration; frames bunch when the 2 cores are busy
        Assert.True(s["frame_kb_mean"] > 1, "sizes joined from vstats");
        Assert.True(s["latency_floor_ms"] > 0 && s["latency_p50_ms"] > 0);
        // One frame in ten measured against its source (quality_every defaults to 10): x264 at 2 Mbit/s is lossy but close.
        Assert.InRange(s["ssim_mean"], 0.5, 0.9999);
        Assert.InRange(s["ssim_p5"], 0.3, s["ssim_mean"]);
        Assert.InRange(s["psnr_mean_db"], 20, 60);
        var raw = await lab.Store.LoadRawAsync(outcome.RecordId);
        var measured = raw.Frames.Count(f => f.Ssim is not null);
        Assert.InRange(measured, raw.Frames.Count / 10 - 3, raw.Frames.Count / 10 + 3);
        Assert.All(raw.Frames.Where(f => f.Ssim is not null), f => Assert.Equal(0, f.FrameId % 10));

        var vstats = new VstatsFollower(Path.Combine(lab.DataDirectory, "records", outcome.RecordId.ToString(System.Globalization.CultureInfo.InvariantCulture), "vstats.log"));
        var lines = vstats.Poll();
        Assert.Equal(0, vstats.Malformed);
        Assert.True(lines.Count > 100, $"{lines.Count} vstats lines");
        var keyframes = lines.Where(l => l.Type == 'I').Select(l => l.Frame).ToArray();
        output.WriteLine($"I-frames at {string.Join(",", keyframes)}");
        Assert.Equal(Enumerable.Range(0, keyframes.Length).Select(i => i * 30L), keyframes);
        Assert.Empty(ProcessTable.WithArgument(lab.Root)); // both roles and both ffmpeg children reaped (the sender's ffmpeg argv has the record folder)
    }
}
