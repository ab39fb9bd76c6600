using System.Diagnostics;
using System.Globalization;
using System.Text;
using StreamLab.Collectors.Quality;
using StreamLab.Collectors.Stacks.Ffmpeg;
using StreamLab.Core.Statistics;

namespace StreamLab.Collectors.Stamps;

/// <summary>
/// <c>streamlab bench stamps</c>: per resolution and content, side by side in one run (each frame goes
/// through every contender in turn, so machine load falls on all alike): stamp decode of the stamp
/// region by ZBar, ZXing.Net and OpenCV's QR detector with their success rates on JPEG- and
/// x264-decoded frames, and grey JPEG encode/decode by TurboJPEG and OpenCV.
/// </summary>
public static class StampBenchmark
{
    /// <summary>640x360 gives the smallest stamp modules the layout makes (3 px).</summary>
    private static readonly string[] Resolutions = ["640x360", "480p", "720p", "1080p"];
    private static readonly SyntheticContent[] Contents = [SyntheticContent.Static, SyntheticContent.Scroll, SyntheticContent.Noise];
    private static readonly string[] Decoders = ["zbar", "zxing", "zxing-grid", "opencv"];

    public static string Run(int frames, int quality, int x264Kbps, int x264Frames)
    {
        var inv = CultureInfo.InvariantCulture;
        var times = new StringBuilder();
        var success = new StringBuilder();
        var jpegTable = new StringBuilder();
        times.AppendLine(inv, $"Stamp decode of the stamp region, {frames} JPEG q{quality} frames per row: ms median / p99 (ratio of medians to ZBar)");
        times.AppendLine($"resolution module content  {"zbar",-15}  {"zxing",-22}  {"zxing-grid",-22}  {"opencv",-22}");
        success.AppendLine(inv, $"Stamps read back: on those JPEG frames | on {x264Frames} frames through x264 ({x264Kbps} kbit/s cbr, ultrafast, zerolatency, keyframe every 30)");
        success.AppendLine($"resolution module content  {string.Join(" ", Decoders.Select(d => $"{d,10}"))} | {string.Join(" ", Decoders.Select(d => $"{d,10}"))}");
        jpegTable.AppendLine(inv, $"Grey JPEG, quality {quality}: ms median / p99 (ratio of medians to TurboJPEG); stamps read back (zxing-grid) and PSNR after each round trip");
        jpegTable.AppendLine("resolution content  turbo-enc        opencv-enc               turbo-dec        opencv-dec               turbo: kB  ok     dB    | opencv: kB  ok     dB");
        var work = Directory.CreateTempSubdirectory("streamlab-bench-stamps-");
        try
        {
            foreach (var resolution in Resolutions)
            {
                var (width, height) = LumaFrame.ParseResolution(resolution);
                foreach (var content in Contents)
                {
                    var row = RunRow(width, height, content, frames, quality, x264Kbps, x264Frames, work.FullName);
                    var head = string.Create(inv, $"{resolution,-10} {row.ModulePx,4} px {content.ToString().ToLowerInvariant(),-8}");
                    times.AppendLine(inv, $"{head} {Stat(row.Times["zbar"])}  {Stat(row.Times["zxing"])} {Ratio(row.Times["zxing"], row.Times["zbar"])}  {Stat(row.Times["zxing-grid"])} {Ratio(row.Times["zxing-grid"], row.Times["zbar"])}  {Stat(row.Times["opencv"])} {Ratio(row.Times["opencv"], row.Times["zbar"])}");
                    success.AppendLine(inv, $"{head} {string.Join(" ", Decoders.Select(d => Pct(row.JpegOk[d], frames)))} | {string.Join(" ", Decoders.Select(d => Pct(row.X264Ok[d], row.X264Count)))}");
                    var (t, o) = (row.Turbo, row.OpenCv);
                    jpegTable.AppendLine(inv,
                        $"{resolution,-10} {content.ToString().ToLowerInvariant(),-8} {Stat(t.Encode)}  {Stat(o.Encode)} {Ratio(o.Encode, t.Encode)}  {Stat(t.Decode)}  {Stat(o.Decode)} {Ratio(o.Decode, t.Decode)}  {t.Bytes / 1000.0 / frames,9:F1} {Pct(t.StampsOk, frames)} {t.PsnrSum / frames,6:F2} | {o.Bytes / 1000.0 / frames,9:F1} {Pct(o.StampsOk, frames)} {o.PsnrSum / frames,6:F2}");
                }
            }
        }
        finally
        {
            work.Delete(recursive: true);
        }
        return times.AppendLine().Append(success).AppendLine().Append(jpegTable).ToString();
    }

    private sealed class CodecResult
    {
        public List<double> Encode { get; } = [];
        public List<double> Decode { get; } = [];
        public long Bytes { get; set; }
        public int StampsOk { get; set; }
        public double PsnrSum { get; set; }
    }

    private sealed record RowResult(int ModulePx, Dictionary<string, List<double>> Times, Dictionary<string, int> JpegOk, Dictionary<string, int> X264Ok,
        int X264Count, CodecResult Turbo, CodecResult OpenCv);

    private static RowResult RunRow(int width, int height, SyntheticContent content, int frames, int quality, int x264Kbps, int x264Frames, string work)
    {
        var source = new SyntheticSource(width, height, content, 1);
        using var writer = new StampWriter();
        using var zbar = new StampReader();
        var zxing = new ZXingStampReader();
        var grid = new ZXingGridStampReader();
        using var opencv = new OpenCvStampReader();
        using var turbo = new JpegCodec();
        var cv = new OpenCvJpegCodec();
        Func<LumaFrame, StampLayout, StampPayload?>[] readers = [zbar.Read, zxing.Read, grid.Read, opencv.Read];
        var times = Decoders.ToDictionary(d => d, _ => new List<double>());
        var jpegOk = Decoders.ToDictionary(d => d, _ => 0);
        var (turboResult, cvResult) = (new CodecResult(), new CodecResult());
        var stamped = new List<LumaFrame>();
        var payloads = new List<StampPayload>();
        LumaFrame? decoded = null;
        LumaFrame? cvDecoded = null;
        for (var id = 0; id < frames; id++)
        {
            var frame = new LumaFrame(width, height);
            var payload = new StampPayload(id, 1_795_000_000_000_000 + (id * 33_333L));
            source.Render(id, frame);
            writer.Write(frame, source.Layout, payload);
            if (id < x264Frames)
            {
                stamped.Add(frame);
                payloads.Add(payload);
            }
            var t = Stopwatch.GetTimestamp();
            var jpeg = turbo.Encode(frame, quality).ToArray();
            turboResult.Encode.Add(Ms(t));
            t = Stopwatch.GetTimestamp();
            var cvJpeg = cv.Encode(frame, quality);
            cvResult.Encode.Add(Ms(t));
            t = Stopwatch.GetTimestamp();
            decoded = turbo.Decode(jpeg, decoded);
            turboResult.Decode.Add(Ms(t));
            t = Stopwatch.GetTimestamp();
            cvDecoded = cv.Decode(cvJpeg, cvDecoded);
            cvResult.Decode.Add(Ms(t));
            turboResult.Bytes += jpeg.Length;
            cvResult.Bytes += cvJpeg.Length;
            turboResult.StampsOk += grid.Read(decoded, source.Layout) == payload ? 1 : 0;
            cvResult.StampsOk += grid.Read(cvDecoded, source.Layout) == payload ? 1 : 0;
            turboResult.PsnrSum += Psnr.Of(frame, decoded);
            cvResult.PsnrSum += Psnr.Of(frame, cvDecoded);
            for (var d = 0; d < readers.Length; d++)
            {
                t = Stopwatch.GetTimestamp();
                var read = readers[d](decoded, source.Layout);
                times[Decoders[d]].Add(Ms(t));
                jpegOk[Decoders[d]] += read == payload ? 1 : 0;
            }
        }
        var x264Ok = Decoders.ToDictionary(d => d, _ => 0);
        var settings = X264Settings.Parse(x264Kbps, 30, "cbr", "ultrafast", "zerolatency", 23);
        var received = X264RoundTrip.Run(stamped, 30, settings, work);
        if (received.Count != stamped.Count)
        {
            throw new InvalidOperationException($"x264 round trip gave {received.Count} frames for {stamped.Count}");
        }
        for (var i = 0; i < received.Count; i++)
        {
            for (var d = 0; d < readers.Length; d++)
            {
                x264Ok[Decoders[d]] += readers[d](received[i], source.Layout) == payloads[i] ? 1 : 0;
            }
        }
        return new RowResult(source.Layout.ModulePx, times, jpegOk, x264Ok, payloads.Count, turboResult, cvResult);
    }

    private static double Ms(long start) => Stopwatch.GetElapsedTime(start).TotalMilliseconds;

    private static string Pct(int ok, int count) =>
        string.Create(CultureInfo.InvariantCulture, $"{(count == 0 ? 0 : 100.0 * ok / count),9:F1}%");

    private static string Ratio(List<double> candidate, List<double> today) =>
        string.Create(CultureInfo.InvariantCulture, $"({Median(candidate) / Median(today),4:F2}x)");

    private static double Median(List<double> values) => Percentile.OfSorted(values.Order().ToArray(), 50);

    private static string Stat(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return string.Create(CultureInfo.InvariantCulture, $"{Percentile.OfSorted(sorted, 50),6:F2} / {Percentile.OfSorted(sorted, 99),6:F2}");
    }
}
