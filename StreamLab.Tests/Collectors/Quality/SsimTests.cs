using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using OpenCvSharp;
using OpenCvSharp.Quality;
using StreamLab.Collectors.Quality;
using StreamLab.Collectors.Stamps;
using Xunit.Abstractions;

namespace StreamLab.Tests.Collectors.Quality;

public partial class SsimTests(ITestOutputHelper output)
{
    /// <summary>A synthetic frame and the same frame after a lossy JPEG round trip: a realistic pair with SSIM well below 1.</summary>
    private static (LumaFrame Reference, LumaFrame Received) Pair(int width, int height, SyntheticContent content, int quality)
    {
        var source = new SyntheticSource(width, height, content, 3);
        var reference = new LumaFrame(width, height);
        source.Render(17, reference);
        using var writer = new StampWriter();
        writer.Write(reference, source.Layout, new StampPayload(17, 1_795_000_000_000_000));
        using var codec = new JpegCodec();
        return (reference, codec.Decode(codec.Encode(reference, quality)));
    }

    [Fact]
    public void Of_IdenticalFrames_IsOne()
    {
        var (reference, _) = Pair(640, 360, SyntheticContent.Scroll, 50);
        using var ssim = new Ssim();
        Assert.Equal(1.0, ssim.Of(reference, reference), 6);
    }

    [Fact]
    public void Of_MoreCompression_GivesLowerSsim()
    {
        using var ssim = new Ssim();
        var (a, q90) = Pair(640, 360, SyntheticContent.Scroll, 90);
        var (_, q20) = Pair(640, 360, SyntheticContent.Scroll, 20);
        var high = ssim.Of(a, q90);
        var low = ssim.Of(a, q20);
        output.WriteLine($"q90 {high:F5}, q20 {low:F5}");
        Assert.InRange(high, 0.9, 1.0);
        Assert.True(low < high - 0.02, $"q20 {low} vs q90 {high}");
    }

    /// <summary>Wang et al.'s definition written out directly, in double: every valid window, 121 weights each.</summary>
    private static double ByDefinition(LumaFrame a, LumaFrame b)
    {
        var g = new double[11];
        for (var i = 0; i < 11; i++)
        {
            g[i] = Math.Exp(-((i - 5) * (i - 5)) / (2 * 1.5 * 1.5));
        }
        var norm = g.Sum() * g.Sum();
        const double c1 = 0.01 * 255 * 0.01 * 255, c2 = 0.03 * 255 * 0.03 * 255;
        var (total, count) = (0.0, 0);
        for (var cy = 5; cy < a.Height - 5; cy++)
        {
            for (var cx = 5; cx < a.Width - 5; cx++)
            {
                double mx = 0, my = 0, xx = 0, yy = 0, xy = 0;
                for (var dy = -5; dy <= 5; dy++)
                {
                    for (var dx = -5; dx <= 5; dx++)
                    {
                        var w = g[dy + 5] * g[dx + 5] / norm;
                        double x = a.Pixels[((cy + dy) * a.Width) + cx + dx], y = b.Pixels[((cy + dy) * b.Width) + cx + dx];
                        (mx, my, xx, yy, xy) = (mx + (w * x), my + (w * y), xx + (w * x * x), yy + (w * y * y), xy + (w * x * y));
                    }
                }
                var (vx, vy, cov) = (xx - (mx * mx), yy - (my * my), xy - (mx * my));
                total += ((2 * mx * my) + c1) * ((2 * cov) + c2) / (((mx * mx) + (my * my) + c1) * (vx + vy + c2));
                count++;
            }
        }
        return total / count;
    }

    [Theory]
    [InlineData(SyntheticContent.Static, 30)]
    [InlineData(SyntheticContent.Noise, 50)]
    public void Of_MatchesTheDefinitionComputedDirectlyInDouble(SyntheticContent content, int quality)
    {
        var (reference, received) = Pair(240, 160, content, quality);
        using var ssim = new Ssim();
        var ours = ssim.Of(reference, received);
        var exact = ByDefinition(reference, received);
        output.WriteLine($"ours {ours:F7}, by definition {exact:F7}");
        Assert.InRange(exact, 0.3, 0.999);
        Assert.True(Math.Abs(exact - ours) < 2e-5, $"ours {ours} vs {exact}"); // float32 moment maps, double formula
    }

    [Fact]
    public void Of_AgreesWithOpenCvContribQualitySsimOverTheSameWindows()
    {
        // OpenCV's quality module (contrib) implements the same Gaussian SSIM, but averages its map over the whole frame,
        // border windows (reflected) included; averaged over the windows inside the frame it must give our value, up to
        // float32 rounding: it does every step in float32, where σ² = E[x²] − μ² of flat areas near white is a difference
        // of numbers near 5·10⁴ (ours keeps to 2·10⁻⁵ of the definition computed in double, the test above).
        var (reference, received) = Pair(854, 480, SyntheticContent.Static, 30);
        using var ssim = new Ssim();
        var ours = ssim.Of(reference, received);
        using var a = Mat.FromPixelData(reference.Height, reference.Width, MatType.CV_8UC1, reference.Pixels);
        using var b = Mat.FromPixelData(received.Height, received.Width, MatType.CV_8UC1, received.Pixels);
        using var map = new Mat();
        QualitySSIM.Compute(a, b, map);
        using var inside = new Mat(map, new Rect(5, 5, reference.Width - 10, reference.Height - 10));
        var theirs = Cv2.Mean(inside).Val0;
        output.WriteLine($"ours {ours:F6}, QualitySSIM over the inner windows {theirs:F6}");
        Assert.True(Math.Abs(theirs - ours) < 1e-4, $"ours {ours} vs QualitySSIM {theirs}");
    }

    /// <summary>
    /// FFmpeg's <c>ssim</c> filter (x264's code) does not use the Gaussian window: it sums 4×4 blocks and
    /// scores every 8×8 window at a 4-pixel stride (the window (4i, 4j) for i &lt; w/4 − 1, j &lt; h/4 − 1, the
    /// frame cropped to a multiple of 4), with equal weights, population moments, and constants scaled as
    /// c1 = round(C1·64), c2 = round(C2·64·63) against sums of 64 pixels, i.e. C1/64 and C2·63/64 in terms of
    /// means. Its figure differs from Wang's Gaussian one (the Gaussian SSIM of the same pair is printed beside
    /// it), so the comparison is made like with like: the same moment pipeline and formula as
    /// <see cref="Ssim"/>, in OpenCV, with FFmpeg's windows and constants.
    /// </summary>
    private static double FfmpegWindows(LumaFrame reference, LumaFrame received)
    {
        var (w4, h4) = (reference.Width >> 2, reference.Height >> 2);
        var crop = new Rect(0, 0, w4 * 4, h4 * 4);
        using var a8 = Mat.FromPixelData(reference.Height, reference.Width, MatType.CV_8UC1, reference.Pixels);
        using var b8 = Mat.FromPixelData(received.Height, received.Width, MatType.CV_8UC1, received.Pixels);
        using var x = new Mat();
        using var y = new Mat();
        using (var region = new Mat(a8, crop)) region.ConvertTo(x, MatType.CV_64F);
        using (var region = new Mat(b8, crop)) region.ConvertTo(y, MatType.CV_64F);
        // Each product into a Mat of its own: a MatExpr passed straight on can be collected before the native call reads it.
        using var xx = new Mat();
        using var yy = new Mat();
        Cv2.Multiply(x, x, xx);
        Cv2.Multiply(y, y, yy);
        using var squares = new Mat();
        Cv2.Add(xx, yy, squares);
        using var products = new Mat();
        Cv2.Multiply(x, y, products);
        Mat[] moments = [x, y, squares, products];
        var windows = moments.Select(m =>
        {
            using var blocks = new Mat();
            Cv2.Resize(m, blocks, new OpenCvSharp.Size(w4, h4), interpolation: InterpolationFlags.Area); // exact 4×4 block means
            using var mean8 = new Mat();
            Cv2.BoxFilter(blocks, mean8, MatType.CV_64F, new OpenCvSharp.Size(2, 2), new OpenCvSharp.Point(0, 0)); // 2×2 blocks = 8×8 window
            var single = new Mat();
            mean8.ConvertTo(single, MatType.CV_32F);
            return single;
        }).ToArray();
        const double c1 = 0.01 * 255 * 0.01 * 255, c2 = 0.03 * 255 * 0.03 * 255;
        var value = Ssim.Combine(windows[0], windows[1], windows[2], windows[3], 0, c1 / 64, c2 * 63 / 64, new Rect(0, 0, w4 - 1, h4 - 1));
        foreach (var m in windows)
        {
            m.Dispose();
        }
        return value;
    }

    [Theory]
    [InlineData(854, 480, SyntheticContent.Scroll, 20)]
    [InlineData(1280, 720, SyntheticContent.Noise, 40)]
    [InlineData(640, 360, SyntheticContent.Static, 8)]
    [Trait("Category", "Slow")]
    public void FfmpegSsimFilter_AndOpenCv_AgreeOnTheSamePairWithin0005(int width, int height, SyntheticContent content, int quality)
    {
        var (reference, received) = Pair(width, height, content, quality);
        var dir = Directory.CreateTempSubdirectory("ssim-ref-");
        try
        {
            var size = string.Create(CultureInfo.InvariantCulture, $"{width}x{height}");
            File.WriteAllBytes(Path.Combine(dir.FullName, "ref.gray"), reference.Pixels);
            File.WriteAllBytes(Path.Combine(dir.FullName, "rec.gray"), received.Pixels);
            var stats = Path.Combine(dir.FullName, "ssim.log");
            var info = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = dir.FullName };
            foreach (var arg in (string[])["-hide_banner", "-nostdin", "-loglevel", "error",
                "-f", "rawvideo", "-pix_fmt", "gray", "-video_size", size, "-i", "rec.gray",
                "-f", "rawvideo", "-pix_fmt", "gray", "-video_size", size, "-i", "ref.gray",
                "-lavfi", "[0:v][1:v]ssim=stats_file=ssim.log", "-f", "null", "-"])
            {
                info.ArgumentList.Add(arg);
            }
            using (var ffmpeg = Process.Start(info)!)
            {
                var errors = ffmpeg.StandardError.ReadToEnd();
                ffmpeg.WaitForExit();
                Assert.True(ffmpeg.ExitCode == 0, errors);
            }
            var line = File.ReadAllText(stats);
            var match = YValue().Match(line);
            Assert.True(match.Success, line);
            var ffmpegSsim = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            var opencvSame = FfmpegWindows(reference, received);
            using var ssim = new Ssim();
            var gaussian = ssim.Of(reference, received);
            output.WriteLine($"{size} {content} q{quality}: ffmpeg ssim Y {ffmpegSsim:F6}; OpenCV with ffmpeg's windows {opencvSame:F6} " +
                $"(diff {Math.Abs(ffmpegSsim - opencvSame):E2}); OpenCV Gaussian (StreamLab's ssim) {gaussian:F6}");
            Assert.InRange(ffmpegSsim, 0.3, 0.999); // a lossy pair, not a trivial 1.0
            Assert.True(Math.Abs(ffmpegSsim - opencvSame) <= 0.005, $"ffmpeg {ffmpegSsim} vs OpenCV {opencvSame}");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [GeneratedRegex(@"Y:([0-9.]+)")]
    private static partial Regex YValue();
}
