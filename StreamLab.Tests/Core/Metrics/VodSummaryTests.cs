using StreamLab.Core.Metrics;
using StreamLab.Core.Raw;
using StreamLab.Core.Storage;

namespace StreamLab.Tests.Core.Metrics;

/// <summary>The vod metrics against timelines worked out by hand (times in seconds from 0 = the player's start).</summary>
public class VodSummaryTests
{
    private const long T0 = 2_000_000;  // 2 s warm-up
    private const long T1 = 12_000_000; // 10 s window

    private static long S(double seconds) => (long)Math.Round(seconds * 1e6);

    private static EventRow E(double t, string kind, string? detail = null) => new(1, S(t), kind, detail);

    private static SampleRow Buffer(double t, double value) => new(1, "buffer_s", S(t), value, S(t) < T0);

    private static EventRow Chunk(double t, string node, double ms, long bytes) => E(t, "chunk_done", $"chunk=0 node={node} ms={ms} bytes={bytes}");

    private static IReadOnlyDictionary<string, double> Summarise(IReadOnlyList<EventRow> events, IReadOnlyList<SampleRow>? samples = null) =>
        SummaryCalculator.Compute(new SummaryInput(new RecordRaw([], samples ?? [], events), T0, T1, ["nodes", "player"], null));

    // Player starts at 0.5 s, startup at 1.7 s (in warm-up); a stall from 5.0 s to 6.5 s and one from
    // 11.0 s still open at T1 (12 s) count; the 1.0–1.5 s stall is in warm-up and does not.
    private static readonly EventRow[] Timeline =
    [
        E(0.0, "process_start", "role=nodes pid=10"),
        E(0.5, "process_start", "role=player pid=11"),
        E(1.0, "stall_start"), E(1.5, "stall_end"),
        E(1.7, "startup"),
        Chunk(1.8, "n1", 100, 2_000_000),
        Chunk(3.0, "n1", 200, 2_000_000),
        Chunk(4.0, "n2", 300, 2_000_000),
        E(4.5, "failover", "chunk=3 from=n2 to=n1 reason=http503"),
        Chunk(4.6, "n1", 100, 1_000_000),
        E(5.0, "stall_start"), E(6.5, "stall_end"),
        Chunk(7.0, "n3", 400, 3_000_000),
        E(11.0, "stall_start"),
        E(12.0, "failover", "at T1: outside"),
    ];

    [Fact]
    public void Startup_IsFromThePlayerRoleStart_EvenInWarmup()
    {
        Assert.Equal(1200, Summarise(Timeline)["startup_ms"]); // 1.7 − 0.5 s
    }

    [Fact]
    public void Rebuffering_CountsStallsStartingInTheWindow_AndTimeStalledInside_OpenStallToT1()
    {
        var s = Summarise(Timeline);
        Assert.Equal(2, s["rebuffer_count"]);
        Assert.Equal(1500 + 1000, s["rebuffer_ms"], 6); // 5.0–6.5 s, then 11.0 s to T1
    }

    [Fact]
    public void StallStraddlingT0_CountsOnlyItsPartInsideTheWindow_AndIsNotCounted()
    {
        var s = Summarise([E(0, "process_start", "role=player pid=1"), E(0.4, "startup"), E(1.5, "stall_start"), E(2.25, "stall_end")]);
        Assert.Equal(0, s["rebuffer_count"]);
        Assert.Equal(250, s["rebuffer_ms"], 6);
    }

    [Fact]
    public void Failovers_CountOnlyInsideTheWindow()
    {
        Assert.Equal(1, Summarise(Timeline)["failover_count"]);
    }

    [Fact]
    public void Throughput_IsWindowChunkBitsOverDownloadTime_AndP95OfChunkTimes()
    {
        var s = Summarise(Timeline);
        // Window chunks (1.8 s is warm-up): 2+2+1+3 MB = 64 Mbit in 0.2+0.3+0.1+0.4 = 1.0 s.
        Assert.Equal(64, s["throughput_mbps"], 6);
        // ms sorted 100, 200, 300, 400: h = 3 × 0.95 = 2.85 → 300 + 0.85 × 100.
        Assert.Equal(385, s["chunk_ms_p95"], 6);
    }

    [Fact]
    public void NodeShare_IsPercentOfWindowChunks_AndZeroForAScoredNodeThatServedNone()
    {
        var samples = new[] { new SampleRow(1, "node_score{node=\"n4\"}", S(3), 10, false) };
        var s = Summarise(Timeline, samples);
        Assert.Equal(50, s["node_share_n1"]);
        Assert.Equal(25, s["node_share_n2"]);
        Assert.Equal(25, s["node_share_n3"]);
        Assert.Equal(0, s["node_share_n4"]);
    }

    [Fact]
    public void Buffer_MeanAndMin_UseWindowSamplesOnly()
    {
        var samples = new[] { Buffer(1.0, 0.5), Buffer(2.0, 4), Buffer(5.0, 8), Buffer(8.0, 1), Buffer(12.0, 3), Buffer(12.5, 0) };
        var s = Summarise(Timeline, samples);
        Assert.Equal((4 + 8 + 1 + 3) / 4.0, s["buffer_mean_s"], 9);
        Assert.Equal(1, s["buffer_min_s"]);
    }

    [Fact]
    public void RecordWithoutPlaybackEvents_GetsNoVodMetrics()
    {
        var s = Summarise([E(0.5, "process_start", "role=player pid=11"), E(3, "burst_on")]);
        Assert.DoesNotContain(s.Keys, k => k is "rebuffer_count" or "startup_ms" or "failover_count" || k.StartsWith("node_share_", StringComparison.Ordinal));
    }

    [Fact]
    public void NeverStarted_HasNoStartup_ButCountsTheWindow()
    {
        var s = Summarise([E(0.5, "process_start", "role=player pid=11"), Chunk(3, "n1", 50, 1000)]);
        Assert.False(s.ContainsKey("startup_ms"));
        Assert.Equal(0, s["rebuffer_count"]);
    }

    [Fact]
    public void Catalogue_DescribesEveryVodMetric_WithUnitAndDirection()
    {
        foreach (var name in new[] { "startup_ms", "rebuffer_count", "rebuffer_ms", "buffer_mean_s", "buffer_min_s", "throughput_mbps", "failover_count", "chunk_ms_p95", "node_share_n2" })
        {
            var d = MetricCatalogue.Find(name);
            Assert.NotNull(d);
            Assert.NotEqual("", d.Unit);
        }
        Assert.Equal(Direction.LowerIsBetter, MetricCatalogue.Find("rebuffer_ms")!.Direction);
        Assert.Equal(Direction.HigherIsBetter, MetricCatalogue.Find("buffer_mean_s")!.Direction);
    }
}
