using StreamLab.Core.Metrics;

namespace StreamLab.Tests.Core.Metrics;

public class HeadlineMetricsTests
{
    private static readonly Dictionary<string, double> Live = new() { ["fps_mean"] = 30, ["latency_p95_ms"] = 80 };
    private static readonly Dictionary<string, double> Vod = new() { ["startup_ms"] = 600, ["fps_mean"] = 0, ["buffer_mean_s"] = 12 };
    private static readonly Dictionary<string, double> FailedBeforeMeasuring = [];

    [Fact]
    public void For_PlaybackRecords_ShowsPlaybackMetrics_NotAMeaninglessFps()
    {
        Assert.Equal(["startup_ms", "rebuffer_count", "buffer_mean_s", "throughput_mbps"], HeadlineMetrics.For([Vod, Vod]));
        Assert.DoesNotContain("fps_mean", HeadlineMetrics.For(Vod));
        Assert.Equal(StreamKind.Playback, HeadlineMetrics.KindOf(Vod));
    }

    [Fact]
    public void For_LiveOrMixedRecords_ShowsLiveMetrics_AndBothForAMix()
    {
        Assert.Equal(["fps_mean", "latency_p50_ms", "latency_p95_ms", "loss_pct"], HeadlineMetrics.For([Live]));
        Assert.Equal(8, HeadlineMetrics.For([Live, Vod]).Count);
    }

    [Fact]
    public void For_AFailedRecordWithNoSummary_DoesNotAddTheOtherKindsColumns()
    {
        Assert.Equal(HeadlineMetrics.Of(StreamKind.Playback), HeadlineMetrics.For([Vod, FailedBeforeMeasuring]));
        Assert.Equal(HeadlineMetrics.Of(StreamKind.Live), HeadlineMetrics.For([FailedBeforeMeasuring]));
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

    [Fact]
    public void LeadAmong_OpensPlaybackOnStartupAndLiveOnP95Latency_OnlyWhenMeasured()
    {
        Assert.Equal("startup_ms", HeadlineMetrics.LeadAmong([Vod], ["buffer_mean_s", "fps_mean", "startup_ms"]));
        Assert.Equal("latency_p95_ms", HeadlineMetrics.LeadAmong([Live], ["fps_mean", "latency_p95_ms"]));
        Assert.Equal("fps_mean", HeadlineMetrics.LeadAmong([Live], ["fps_mean", "cpu_pct_client"]));
        Assert.Null(HeadlineMetrics.LeadAmong([Live], ["cpu_pct_client"]));
    }

    [Fact]
    public void EveryHeadlineMetric_IsInTheCatalogue()
    {
        foreach (var kind in Enum.GetValues<StreamKind>())
        {
            Assert.All(HeadlineMetrics.Of(kind), m => Assert.NotNull(MetricCatalogue.Find(m)));
        }
    }
}
