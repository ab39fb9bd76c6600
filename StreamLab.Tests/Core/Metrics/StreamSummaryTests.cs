using StreamLab.Core.Metrics;
using StreamLab.Core.Raw;
using StreamLab.Core.Storage;

namespace StreamLab.Tests.Core.Metrics;

public class StreamSummaryTests
{
    // Window [1 s, 2 s): three frames inside (one with an unreadable stamp), one in the warm-up.
    private static readonly FrameRow[] Frames =
    [
        new(1, 900_000, 0, 880_000, 640, 480, 9000, 9000, 9000, 85, 20),
        new(1, 1_100_000, 1, 1_080_000, 640, 480, 10_000, 1000, 2000, 85, 40),
        new(1, 1_200_000, 2, null, 640, 480, 20_000, 2000, 4000, 75, null),
        new(1, 1_300_000, 3, 1_260_000, 640, 480, 30_000, 3000, 6000, 60, 30),
    ];

    private static readonly SampleRow[] Samples =
    [
        new(1, "queue_depth", 950_000, 99, Warmup: true),
        new(1, "queue_depth", 1_500_000, 12, false),
        new(1, "queue_depth", 1_900_000, 7, false),
    ];

    private static IReadOnlyDictionary<string, double> Summary(FrameRow[] frames, SampleRow[] samples) =>
        SummaryCalculator.Compute(new SummaryInput(new RecordRaw(frames, samples, []), 1_000_000, 2_000_000, ["client"], null));

    [Fact]
    public void Compute_StreamColumns_GiveHandComputedMeans()
    {
        var s = Summary(Frames, Samples);
        Assert.Equal(4.0, s["encode_ms_mean"], 9);   // (2 + 4 + 6) / 3
        Assert.Equal(2.0, s["decode_ms_mean"], 9);   // (1 + 2 + 3) / 3
        Assert.Equal(20.0, s["frame_kb_mean"], 9);   // (10 + 20 + 30) kB / 3
        Assert.Equal(35.0, s["psnr_mean_db"], 9);    // (40 + 30) / 2, the frame without PSNR left out
        Assert.Equal(100.0 / 3, s["stamp_fail_pct"], 9);
        Assert.Equal(12, s["queue_depth_max"]);      // the warm-up 99 does not count
    }

    [Fact]
    public void Compute_PerFrameQuality_GivesMeansAndTheFifthPercentile()
    {
        // Window [1 s, 2 s): 11 sampled frames inside with SSIM 0.50, 0.55 … 1.00 and PSNR 30 … 40 dB, one sampled in the warm-up.
        var frames = new List<FrameRow> { new(1, 900_000, 0, 880_000, 640, 480, PsnrDb: 5, Ssim: 0.01) };
        for (var i = 0; i < 11; i++)
        {
            frames.Add(new(1, 1_000_000 + (i * 50_000), 1 + i, 990_000 + (i * 50_000), 640, 480, PsnrDb: 30 + i, Ssim: 0.5 + (0.05 * i)));
            frames.Add(new(1, 1_010_000 + (i * 50_000), 100 + i, 1_000_000 + (i * 50_000), 640, 480)); // not sampled
        }
        var s = Summary([.. frames], []);
        Assert.Equal(0.75, s["ssim_mean"], 9);
        Assert.Equal(0.525, s["ssim_p5"], 9);   // type 7: h = 10 × 0.05 = 0.5, halfway between 0.50 and 0.55
        Assert.Equal(35.0, s["psnr_mean_db"], 9);
        Assert.Equal(30.5, s["psnr_p5_db"], 9);
    }

    [Fact]
    public void Compute_DecodeFailCounter_CountsItsIncreaseInsideTheWindow()
    {
        SampleRow[] samples =
        [
            new(1, "decode_fail_total", 800_000, 2, Warmup: true),
            new(1, "decode_fail_total", 1_000_000, 3, false),
            new(1, "decode_fail_total", 1_600_000, 7, false),
            new(1, "decode_fail_total", 1_900_000, 9, false),
            new(1, "decode_fail_total", 2_100_000, 50, false), // after T1
        ];
        Assert.Equal(6, Summary(Frames, samples)["decode_fail_count"]); // 9 at T1 − 3 at T0
        Assert.Equal(0, Summary(Frames, [samples[0]])["decode_fail_count"]);
    }

    [Fact]
    public void Compute_WithoutStreamInputs_LeavesStreamMetricsOut()
    {
        FrameRow[] plain = [new(1, 1_100_000, 1, null, 640, 480), new(1, 1_200_000, 2, null, 640, 480)];
        var s = Summary(plain, []);
        foreach (var name in new[] { "encode_ms_mean", "decode_ms_mean", "frame_kb_mean", "psnr_mean_db", "psnr_p5_db", "ssim_mean", "ssim_p5", "stamp_fail_pct", "queue_depth_max", "decode_fail_count" })
        {
            Assert.False(s.ContainsKey(name), name);
            Assert.NotNull(MetricCatalogue.Find(name));
        }
    }
}
