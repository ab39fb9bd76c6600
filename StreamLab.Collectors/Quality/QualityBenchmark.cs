using System.Diagnostics;
using System.Globalization;
using System.Text;
using StreamLab.Collectors.Stamps;

namespace StreamLab.Collectors.Quality;

/// <summary>
/// The <c>bench stamps</c> rows for quality measurement: what one measured frame costs through the
/// <see cref="QualityMeter"/> the receivers use (copy, re-render and stamp the reference, PSNR, SSIM),
/// in wall time and in CPU time of the whole process, and what that is as a share of one core at
/// 30 fps with <see cref="QualityMeter.DefaultEvery"/> (one frame in ten measured; the goal is ≤ 10 %).
/// </summary>
public static class QualityBenchmark
{
    private const int Fps = 30;

    public static string Run(int frames, int quality)
    {
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(inv, $"Quality measurement (PSNR + SSIM against the re-rendered source) of JPEG q{quality} frames, {frames} measured frames per row");
        text.AppendLine(inv, $"resolution content  measure ms         CPU ms/frame  share of one core at {Fps} fps, every {QualityMeter.DefaultEvery}th frame   ssim mean  psnr mean");
        foreach (var resolution in new[] { "480p", "720p", "1080p" })
        {
            var (width, height) = LumaFrame.ParseResolution(resolution);
            foreach (var content in new[] { SyntheticContent.Scroll, SyntheticContent.Noise })
            {
                text.AppendLine(inv, $"{resolution,-10} {content.ToString().ToLowerInvariant(),-8} {RunRow(width, height, content, frames, quality)}");
            }
        }
        return text.ToString();
    }

    private static string RunRow(int width, int height, SyntheticContent content, int frames, int quality)
    {
        var source = new SyntheticSource(width, height, content, 1);
        using var writer = new StampWriter();
        using var codec = new JpegCodec();
        // Received frames are prepared first, so the timed loop holds nothing but the measuring.
        var received = new List<(long Id, long CaptureUs, LumaFrame Frame)>();
        for (var i = 0; i < frames; i++)
        {
            var id = (long)i * QualityMeter.DefaultEvery;
            var frame = new LumaFrame(width, height);
            source.Render(id, frame);
            var capture = 1_795_000_000_000_000 + (id * 33_333L);
            writer.Write(frame, source.Layout, new StampPayload(id, capture));
            received.Add((id, capture, codec.Decode(codec.Encode(frame, quality))));
        }
        using var meter = new QualityMeter(new SyntheticSource(width, height, content, 1), QualityMeter.DefaultEvery);
        var times = new List<double>();
        var (ssimSum, psnrSum) = (0.0, 0.0);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        foreach (var (id, capture, frame) in received)
        {
            var t = Stopwatch.GetTimestamp();
            var measured = meter.Submit(id, capture, frame)!.GetAwaiter().GetResult()
                ?? throw new InvalidOperationException($"frame {id} was not measured");
            times.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            (ssimSum, psnrSum) = (ssimSum + measured.Ssim, psnrSum + measured.PsnrDb);
        }
        var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / frames;
        var share = cpuMs * Fps / QualityMeter.DefaultEvery / 1000 * 100;
        return string.Create(CultureInfo.InvariantCulture,
            $"{StampBenchmark.Stat(times)}  {cpuMs,12:F2}  {share,10:F2} %{"",39}{ssimSum / frames,9:F4}  {psnrSum / frames,9:F2}");
    }
}
