using System.Globalization;
using StreamLab.Core.Raw;
using StreamLab.Core.Storage;

namespace StreamLab.Web.Dashboard;

/// <summary>
/// The explorer's <c>Heat: field vs field</c> view (<c>stat=heat:&lt;y field&gt;:&lt;x field&gt;</c>): a 2-D histogram of
/// per-frame values over the selected records, binned on the server so only the counts cross the circuit.
/// </summary>
public static class FrameHeatmap
{
    public const string Prefix = "heat:";
    public const int Bins = 60;

    /// <summary>Per-frame fields that can be put on an axis, with their unit.</summary>
    public static readonly IReadOnlyDictionary<string, string> Fields = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["time_s"] = "s since the record started",
        ["latency_ms"] = "ms",
        ["interarrival_ms"] = "ms",
        ["frame_id"] = "",
        ["size_kb"] = "kB",
        ["decode_ms"] = "ms",
        ["encode_ms"] = "ms",
        ["psnr_db"] = "dB",
        ["ssim"] = "",
    };

    /// <summary>The pairs offered in the picker (any pair of <see cref="Fields"/> works in the URL).</summary>
    public static readonly IReadOnlyList<(string Y, string X)> Offered =
        [("latency_ms", "time_s"), ("decode_ms", "size_kb"), ("latency_ms", "size_kb"), ("interarrival_ms", "time_s"), ("latency_ms", "decode_ms")];

    private static readonly HashSet<string> FromColumns = ["time_s", "latency_ms", "interarrival_ms", "frame_id"];

    public static (string Y, string X)? Parse(string? stat)
    {
        if (stat is null || !stat.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }
        var parts = stat[Prefix.Length..].Split(':');
        return parts.Length == 2 && Fields.ContainsKey(parts[0]) && Fields.ContainsKey(parts[1]) ? (parts[0], parts[1]) : null;
    }

    public static string Stat(string y, string x) => $"{Prefix}{y}:{x}";

    /// <summary>Reads the records' frames (three columns only when the fields allow) and bins them.</summary>
    public static async Task<(ChartSpec Chart, long Frames)> BuildAsync(IResultStore store, IReadOnlyList<RecordView> records, string y, string x,
        CancellationToken ct = default)
    {
        var xs = new List<double>();
        var ys = new List<double>();
        foreach (var record in records)
        {
            var origin = record.StartedAt.ToUnixTimeMilliseconds() * 1000;
            IReadOnlyList<FrameRow> frames = FromColumns.Contains(x) && FromColumns.Contains(y)
                ? Rows(await store.LoadFrameColumnsAsync(record.Id, ct))
                : (await store.LoadRawAsync(record.Id, ct)).Frames;
            for (var i = 0; i < frames.Count; i++)
            {
                if (Value(frames, i, x, origin) is { } vx && Value(frames, i, y, origin) is { } vy)
                {
                    xs.Add(vx);
                    ys.Add(vy);
                }
            }
        }
        return (Bin(xs, ys, y, x, records.Count), xs.Count);
    }

    private static FrameRow[] Rows(FrameColumns c)
    {
        var rows = new FrameRow[c.Count];
        for (var i = 0; i < c.Count; i++)
        {
            rows[i] = new FrameRow(0, c.RecvWallUs[i], c.FrameId[i], c.UserTimestampUs[i] == FrameColumns.NoStamp ? null : c.UserTimestampUs[i], 0, 0);
        }
        return rows;
    }

    /// <summary>One field of frame i; null when the frame does not have it (no stamp, no size reported…).</summary>
    internal static double? Value(IReadOnlyList<FrameRow> frames, int i, string field, long originUs)
    {
        var f = frames[i];
        return field switch
        {
            "time_s" => (f.RecvWallUs - originUs) / 1e6,
            "latency_ms" => f.UserTimestampUs is { } u ? (f.RecvWallUs - u) / 1000.0 : null,
            "interarrival_ms" => i > 0 ? (f.RecvWallUs - frames[i - 1].RecvWallUs) / 1000.0 : null,
            "frame_id" => f.FrameId,
            "size_kb" => f.SizeBytes / 1000.0,
            "decode_ms" => f.DecodeUs / 1000.0,
            "encode_ms" => f.EncodeUs / 1000.0,
            "psnr_db" => f.PsnrDb,
            "ssim" => f.Ssim,
            _ => null,
        };
    }

    /// <summary>Counts per (x bin, y bin) over equal-width bins from each axis' min to max; empty bins stay blank.</summary>
    internal static ChartSpec Bin(IReadOnlyList<double> xs, IReadOnlyList<double> ys, string y, string x, int recordCount)
    {
        var title = $"Heat: {y} vs {x} ({xs.Count.ToString("N0", CultureInfo.InvariantCulture)} frames of {recordCount} record(s))";
        if (xs.Count == 0)
        {
            return new ChartSpec(title + ": no frame has both fields", Axis(x), Axis(y), []);
        }
        var (x0, xw) = Edges(xs);
        var (y0, yw) = Edges(ys);
        var z = new double?[Bins][];
        for (var j = 0; j < Bins; j++) z[j] = new double?[Bins];
        for (var k = 0; k < xs.Count; k++)
        {
            var i = Math.Min(Bins - 1, (int)((xs[k] - x0) / xw));
            var j = Math.Min(Bins - 1, (int)((ys[k] - y0) / yw));
            z[j][i] = (z[j][i] ?? 0) + 1;
        }
        var heat = new ChartHeatmap(Enumerable.Range(0, Bins).Select(i => x0 + (i + 0.5) * xw).ToList(),
            Enumerable.Range(0, Bins).Select(j => y0 + (j + 0.5) * yw).ToList(), z, "frames");
        return new ChartSpec(title, Axis(x), Axis(y), [], Heatmap: heat);
    }

    private static (double Lo, double Width) Edges(IReadOnlyList<double> values)
    {
        var lo = values.Min();
        var hi = values.Max();
        return (lo, hi > lo ? (hi - lo) / Bins : 1);
    }

    private static string Axis(string field) => Fields[field].Length == 0 ? field : $"{field} ({Fields[field]})";
}
