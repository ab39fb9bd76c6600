using System.Diagnostics;
using System.Globalization;
using System.Text;
using StreamLab.Core.Statistics;

namespace StreamLab.Collectors.Stamps;

/// <summary>
/// <c>streamlab bench stamps</c>: per resolution and content, stamp generation, region decode
/// beside a full-frame decode (on the same JPEG-decoded frames), decode success and JPEG times.
/// </summary>
public static class StampBenchmark
{
    public static string Run(int frames, int fullFrameScans, int quality)
    {
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.AppendLine(inv, $"Stamps: {frames} frames per row, JPEG quality {quality} (luma), full-frame scans on the first {fullFrameScans}; times in ms, median / p99");
        text.AppendLine("resolution content  stamp-gen      region-decode  region-ok  full-decode      full-ok  jpeg-enc       jpeg-dec       kB");
        using var writer = new StampWriter();
        using var reader = new StampReader();
        using var codec = new JpegCodec();
        foreach (var resolution in new[] { "480p", "720p", "1080p" })
        {
            var (width, height) = LumaFrame.ParseResolution(resolution);
            foreach (var content in new[] { SyntheticContent.Static, SyntheticContent.Scroll, SyntheticContent.Noise })
            {
                var source = new SyntheticSource(width, height, content, 1);
                var frame = new LumaFrame(width, height);
                LumaFrame? decoded = null;
                var (gen, region, full, enc, dec) = (new List<double>(), new List<double>(), new List<double>(), new List<double>(), new List<double>());
                var (regionOk, fullOk, bytes) = (0, 0, 0L);
                for (var id = 0; id < frames; id++)
                {
                    var payload = new StampPayload(id, 1_795_000_000_000_000 + (id * 33_333L));
                    source.Render(id, frame);
                    var t = Stopwatch.GetTimestamp();
                    writer.Write(frame, source.Layout, payload);
                    gen.Add(Ms(t));
                    t = Stopwatch.GetTimestamp();
                    var jpeg = codec.Encode(frame, quality);
                    enc.Add(Ms(t));
                    bytes += jpeg.Length;
                    t = Stopwatch.GetTimestamp();
                    decoded = codec.Decode(jpeg, decoded);
                    dec.Add(Ms(t));
                    t = Stopwatch.GetTimestamp();
                    regionOk += reader.Read(decoded, source.Layout) == payload ? 1 : 0;
                    region.Add(Ms(t));
                    if (id < fullFrameScans)
                    {
                        t = Stopwatch.GetTimestamp();
                        fullOk += reader.ReadFullFrame(decoded) == payload ? 1 : 0;
                        full.Add(Ms(t));
                    }
                }
                text.AppendLine(inv, $"{resolution,-10} {content.ToString().ToLowerInvariant(),-8} {Stat(gen)} {Stat(region)} {100.0 * regionOk / frames,8:F1}%  {Stat(full)} {(full.Count == 0 ? 0 : 100.0 * fullOk / full.Count),6:F1}%  {Stat(enc)} {Stat(dec)} {bytes / 1000.0 / frames,6:F1}");
            }
        }
        return text.ToString();
    }

    private static double Ms(long start) => Stopwatch.GetElapsedTime(start).TotalMilliseconds;

    private static string Stat(List<double> values)
    {
        if (values.Count == 0)
        {
            return "     -        ";
        }
        var sorted = values.Order().ToArray();
        return string.Create(CultureInfo.InvariantCulture, $"{Percentile.OfSorted(sorted, 50),6:F2} / {Percentile.OfSorted(sorted, 99),6:F2}");
    }
}
