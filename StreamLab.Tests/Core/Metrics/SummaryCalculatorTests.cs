using StreamLab.Core.Metrics;
using StreamLab.Core.Raw;
using StreamLab.Core.Storage;

namespace StreamLab.Tests.Core.Metrics;

public class SummaryCalculatorTests
{
    private const long T0 = 1_000_000;
    private const long T1 = 2_000_000;

    // Window [1.0 s, 2.0 s). Frame 0 is in the warm-up, frame 7 arrives at T1 (outside).
    // In the window: ids 1,2,3,5,6 (4 lost), latencies 10,20,30,40,50 ms, a 600 ms gap before 6.
    private static readonly FrameRow[] Frames =
    [
        new(1, 900_000, 0, 880_000, 640, 480, 100),
        new(1, 1_000_000, 1, 990_000, 640, 480, 1000),
        new(1, 1_100_000, 2, 1_080_000, 640, 480, 1000),
        new(1, 1_200_000, 3, 1_170_000, 640, 480, 1000),
        new(1, 1_300_000, 5, 1_260_000, 640, 480, 1000),
        new(1, 1_900_000, 6, 1_850_000, 640, 480, 1000),
        new(1, 2_000_000, 7, 1_990_000, 640, 480, 1000),
    ];

    private static readonly SampleRow[] Samples =
    [
        new(1, SeriesNames.RoleCpuPct("server"), 950_000, 99, Warmup: true),
        new(1, SeriesNames.RoleCpuPct("server"), 1_500_000, 40, false),
        new(1, SeriesNames.RoleCpuPct("server"), 2_000_000, 60, false),
        new(1, SeriesNames.RoleCpuPct("server"), 2_100_000, 500, false),
        new(1, SeriesNames.RoleRssMb("server"), 1_500_000, 10, false),
        new(1, SeriesNames.RoleRssMb("server"), 2_000_000, 30, false),
        new(1, SeriesNames.SystemCpuPct, 1_500_000, 100, false),
        new(1, SeriesNames.SystemCpuPct, 2_000_000, 200, false),
        new(1, SeriesNames.SystemMemMb, 1_500_000, 1000, false),
        new(1, SeriesNames.SystemMemMb, 2_000_000, 3000, false),
    ];

    private static IReadOnlyDictionary<string, double> Summary() =>
        SummaryCalculator.Compute(new SummaryInput(new RecordRaw(Frames, Samples, []), T0, T1, ["server", "client"], FramesRoleStartUs: 800_000));

    [Theory]
    [InlineData("frames_received", 5)]
    [InlineData("frames_expected", 6)]
    [InlineData("frames_lost", 1)]
    [InlineData("loss_pct", 100.0 / 6)]
    [InlineData("gap_events", 1)]
    [InlineData("fps_mean", 5)]
    [InlineData("latency_mean_ms", 30)]
    [InlineData("latency_p50_ms", 30)]
    [InlineData("latency_p95_ms", 48)]     // h = 4·0.95 = 3.8 → 40 + 0.8·10
    [InlineData("latency_p99_ms", 49.6)]   // h = 3.96
    [InlineData("latency_max_ms", 50)]
    [InlineData("jitter_ms", 2.275238037109375)] // D = 10 ms for each of 4 pairs: J = 0.625, 1.2109…, 1.7602…, 2.2752…
    [InlineData("first_frame_ms", 100)]    // role start 0.8 s, first frame (warm-up) 0.9 s
    [InlineData("stall_count", 1)]         // intervals 100,100,100,600 ms; median 100 → threshold 300
    [InlineData("bandwidth_mbps", 0.04)]   // 5 × 1000 B × 8 / 1 s
    [InlineData("cpu_pct_server", 50)]     // warm-up and after-T1 samples excluded
    [InlineData("rss_mb_server", 30)]
    [InlineData("sys_cpu_pct", 150)]
    [InlineData("sys_mem_mb", 2000)]
    public void Compute_MatchesHandComputedValue(string metric, double expected)
    {
        var summary = Summary();
        Assert.True(summary.ContainsKey(metric), $"missing {metric}");
        Assert.Equal(expected, summary[metric], 9);
    }

    [Fact]
    public void Compute_RoleWithoutSamples_HasNoUsageMetric()
    {
        Assert.False(Summary().ContainsKey("cpu_pct_client"));
    }

    [Fact]
    public void Compute_NoFrames_ReportsZeroReceivedAndNoLatency()
    {
        var summary = SummaryCalculator.Compute(new SummaryInput(new RecordRaw([], [], []), T0, T1, [], null));
        Assert.Equal(0, summary["frames_received"]);
        Assert.Equal(0, summary["fps_mean"]);
        Assert.False(summary.ContainsKey("latency_p50_ms"));
        Assert.False(summary.ContainsKey("loss_pct"));
    }

    [Fact]
    public void Compute_FramesWithoutSizes_HasNoBandwidth()
    {
        var frames = Frames.Select(f => f with { SizeBytes = null }).ToArray();
        var summary = SummaryCalculator.Compute(new SummaryInput(new RecordRaw(frames, [], []), T0, T1, [], null));
        Assert.False(summary.ContainsKey("bandwidth_mbps"));
    }

    [Fact]
    public void Compute_DuplicateFrameIds_AreNotCountedAsExtraExpectedOrNegativeLoss()
    {
        FrameRow[] frames = [new(1, 1_100_000, 10, null, 1, 1), new(1, 1_200_000, 10, null, 1, 1), new(1, 1_300_000, 11, null, 1, 1)];
        var summary = SummaryCalculator.Compute(new SummaryInput(new RecordRaw(frames, [], []), T0, T1, [], null));
        Assert.Equal(2, summary["frames_expected"]);
        Assert.Equal(0, summary["frames_lost"]);
    }

    [Fact]
    public void Compute_InfinitePsnrOfIdenticalFrames_IsCappedAndNoMetricIsNonFinite()
    {
        FrameRow[] frames = [new(1, 1_100_000, 1, null, 1, 1, PsnrDb: double.PositiveInfinity), new(1, 1_200_000, 2, null, 1, 1, PsnrDb: 40)];
        var summary = SummaryCalculator.Compute(new SummaryInput(new RecordRaw(frames, [], []), T0, T1, [], null));
        Assert.Equal(70, summary["psnr_mean_db"], 9); // (100 cap + 40) / 2
        Assert.All(summary.Values, v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void Compute_FramesOutOfOrderWithTies_GivesTheSummaryOfTheStablySortedFrames()
    {
        // Frames arriving out of order, some sharing (recv_wall_us, frame_id) with different stamps: jitter depends on
        // which of the tied frames comes first, so the order must be the stable one (input order among ties).
        var random = new Random(7);
        var frames = Enumerable.Range(0, 5_000).Select(i =>
        {
            var recv = T0 - 100_000 + random.Next(1_200_000) / 50 * 50;
            return new FrameRow(1, recv, random.Next(40), random.Next(4) == 0 ? null : recv - random.Next(5_000, 90_000), 640, 480,
                random.Next(2) == 0 ? null : random.Next(1, 9_000));
        }).ToArray();
        var sorted = frames.OrderBy(f => f.RecvWallUs).ThenBy(f => f.FrameId).ToArray();
        Assert.Contains(sorted.Zip(sorted.Skip(1)), p => (p.First.RecvWallUs, p.First.FrameId) == (p.Second.RecvWallUs, p.Second.FrameId)
                                                          && p.First.UserTimestampUs != p.Second.UserTimestampUs);

        var fromShuffled = SummaryCalculator.Compute(new SummaryInput(new RecordRaw(frames, [], []), T0, T1, [], null));
        var fromSorted = SummaryCalculator.Compute(new SummaryInput(new RecordRaw(sorted, [], []), T0, T1, [], null));

        Assert.Equal(fromSorted, fromShuffled);
        Assert.True(fromShuffled["jitter_ms"] > 0);
    }

    [Fact]
    public void Catalogue_DescribesEveryComputedMetric()
    {
        foreach (var name in Summary().Keys)
        {
            Assert.NotNull(MetricCatalogue.Find(name));
        }
    }
}
