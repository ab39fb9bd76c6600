using System.Diagnostics;
using System.Globalization;
using System.Text;
using StreamLab.Collectors.Stacks.Ffmpeg;
using StreamLab.Core.Statistics;

namespace StreamLab.Collectors.Stamps;

/// <summary>
/// <c>streamlab bench stamps</c>: per resolution and content, stamp generation, stamp reading (time,
/// and stamps read back after a JPEG and after an x264 round trip) and grey JPEG encode/decode.
/// The bake-off that chose the reader and the codec ran in this command at the commit
/// "bench stamps: bake-off of the stamp readers …" (README, "Media packages").
/// </summary>
public static class StampBenchmark
{
    /// <summary>640x360 gives the smallest stamp modules the layout makes (3 px).</summary>
    private static readonly string[] Resolutions = ["640x360", "480p", "720p", "1080p"];
    private static readonly SyntheticContent[] Contents = [SyntheticContent.Static, SyntheticContent.Scroll, SyntheticContent.Noise];

    public static string Run(int frames, int quality, int x264Kbps, int x264Frames)
    {
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(inv, $"Stamps and grey JPEG q{quality}, {frames} frames per row, times in ms median / p99; read ok: stamps read back from the JPEG frames, and from {x264Frames} frames through x264 ({x264Kbps} kbit/s cbr, ultrafast, zerolatency)");
        text.AppendLine("resolution module content  stamp-gen        stamp-read       jpeg ok   x264 ok  jpeg-enc         jpeg-dec              kB");
        var work = Directory.CreateTempSubdirectory("streamlab-bench-stamps-");
        try
        {
            foreach (var resolution in Resolutions)
            {
                var (width, height) = LumaFrame.ParseResolution(resolution);
                foreach (var content in Contents)
                {
                    text.AppendLine(inv, $"{resolution,-10} {RunRow(width, height, content, frames, quality, x264Kbps, x264Frames, work.FullName)}");
                }
            }
        }
        finally
        {
            work.Delete(recursive: true);
        }
        return text.ToString();
    }

    private static string RunRow(int width, int height, SyntheticContent content, int frames, int quality, int x264Kbps, int x264Frames, string work)
    {
        var source = new SyntheticSource(width, height, content, 1);
        using var writer = new StampWriter();
        var reader = new StampReader();
        using var codec = new JpegCodec();
        var (gen, read, enc, dec) = (new List<double>(), new List<double>(), new List<double>(), new List<double>());
        var stamped = new List<LumaFrame>();
        var payloads = new List<StampPayload>();
        LumaFrame? decoded = null;
        var (jpegOk, bytes) = (0, 0L);
        for (var id = 0; id < frames; id++)
        {
            var frame = new LumaFrame(width, height);
            var payload = new StampPayload(id, 1_795_000_000_000_000 + (id * 33_333L));
            source.Render(id, frame);
            var t = Stopwatch.GetTimestamp();
            writer.Write(frame, source.Layout, payload);
            gen.Add(Ms(t));
            if (id < x264Frames)
            {
                stamped.Add(frame);
                payloads.Add(payload);
            }
            t = Stopwatch.GetTimestamp();
            var jpeg = codec.Encode(frame, quality);
            enc.Add(Ms(t));
            bytes += jpeg.Length;
            t = Stopwatch.GetTimestamp();
            decoded = codec.Decode(jpeg, decoded);
            dec.Add(Ms(t));
            t = Stopwatch.GetTimestamp();
            jpegOk += reader.Read(decoded, source.Layout) == payload ? 1 : 0;
            read.Add(Ms(t));
        }
        var received = X264RoundTrip.Run(stamped, 30, X264Settings.Parse(x264Kbps, 30, "cbr", "ultrafast", "zerolatency", 23), work);
        if (received.Count != stamped.Count)
        {
            throw new InvalidOperationException($"the x264 round trip gave {received.Count} frames for {stamped.Count}");
        }
        var x264Ok = received.Where((frame, i) => reader.Read(frame, source.Layout) == payloads[i]).Count();
        return string.Create(CultureInfo.InvariantCulture,
            $"{source.Layout.ModulePx,4} px {content.ToString().ToLowerInvariant(),-8} {Stat(gen)}  {Stat(read)}  {Pct(jpegOk, frames)}  {Pct(x264Ok, received.Count)}  {Stat(enc)}  {Stat(dec)}  {bytes / 1000.0 / frames,8:F1}");
    }

    private static double Ms(long start) => Stopwatch.GetElapsedTime(start).TotalMilliseconds;

    private static string Pct(int ok, int count) => string.Create(CultureInfo.InvariantCulture, $"{(count == 0 ? 0 : 100.0 * ok / count),7:F1}%");

    internal static string Stat(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return string.Create(CultureInfo.InvariantCulture, $"{Percentile.OfSorted(sorted, 50),6:F2} / {Percentile.OfSorted(sorted, 99),6:F2}");
    }
}
