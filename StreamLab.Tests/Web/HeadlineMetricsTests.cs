using StreamLab.Web.Cli;

namespace StreamLab.Tests.Web;

public class HeadlineMetricsTests
{
    private static readonly Dictionary<string, double> Live = new() { ["fps_mean"] = 30 };
    private static readonly Dictionary<string, double> Vod = new() { ["startup_ms"] = 600, ["fps_mean"] = 0 };

    [Fact]
    public void For_PlaybackRecords_ShowsPlaybackMetrics_NotAMeaninglessFps()
    {
        Assert.Equal(["startup_ms", "rebuffer_count", "buffer_mean_s", "throughput_mbps"], HeadlineMetrics.For([Vod, Vod]));
        Assert.DoesNotContain("fps_mean", HeadlineMetrics.For(Vod));
    }

    [Fact]
    public void For_LiveOrMixedRecords_ShowsLiveMetrics_AndBothForAMix()
    {
        Assert.Equal(["fps_mean", "latency_p50_ms", "latency_p95_ms", "loss_pct"], HeadlineMetrics.For([Live]));
        Assert.Equal(8, HeadlineMetrics.For([Live, Vod]).Length);
    }

    [Fact]
    public void For_RecordsWithALatencyFloor_ShowTheFloorRightAfterLatency()
    {
        var ffmpeg = new Dictionary<string, double> { ["fps_mean"] = 30, ["latency_floor_ms"] = 110 };
        string[] expected = ["fps_mean", "latency_p50_ms", "latency_p95_ms", "latency_floor_ms", "loss_pct"];
        Assert.Equal(expected, HeadlineMetrics.For(ffmpeg));
        Assert.Equal(expected, HeadlineMetrics.For([Live, ffmpeg]));
        Assert.DoesNotContain("latency_floor_ms", HeadlineMetrics.For([Live]));
    }
}
