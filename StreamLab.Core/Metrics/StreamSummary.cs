using StreamLab.Core.Raw;
using StreamLab.Core.Statistics;

namespace StreamLab.Core.Metrics;

/// <summary>
/// Summary metrics of streams whose client reports per-frame codec figures (the live-ws stack, or
/// any frames.csv with the optional columns): each is computed only when its inputs exist.
/// </summary>
public static class StreamSummary
{
    public const string QueueDepthSeries = "queue_depth";

    /// <summary>The series a receiver reports its calibrated buffering floor in (live-ffmpeg); measured before the window, so any sample counts.</summary>
    public const string LatencyFloorSeries = "latency_floor_ms";

    /// <summary>A client's running count of received frames it could not decode.</summary>
    public const string DecodeFailSeries = "decode_fail_total";

    /// <summary>PSNR of identical frames (MSE = 0) is reported as this instead of +∞, so means stay finite.</summary>
    public const double PsnrCapDb = 100;

    /// <summary>Adds the stream metrics of the window's frames (already filtered) and samples.</summary>
    public static void Add(Dictionary<string, double> summary, FrameRow[] frames, SummaryInput input)
    {
        MeanOf(summary, "encode_ms_mean", frames.Where(f => f.EncodeUs is not null).Select(f => f.EncodeUs!.Value / 1000.0));
        MeanOf(summary, "decode_ms_mean", frames.Where(f => f.DecodeUs is not null).Select(f => f.DecodeUs!.Value / 1000.0));
        MeanOf(summary, "frame_kb_mean", frames.Where(f => f.SizeBytes is not null).Select(f => f.SizeBytes!.Value / 1000.0));
        // Identical frames have an infinite PSNR; any input (live or imported) is capped like live-ws does.
        var psnr = frames.Where(f => f.PsnrDb is not null && !double.IsNaN(f.PsnrDb.Value)).Select(f => Math.Min(f.PsnrDb!.Value, PsnrCapDb)).ToArray();
        MeanOf(summary, "psnr_mean_db", psnr);
        LowTail(summary, "psnr_p5_db", psnr);
        var ssim = frames.Where(f => f.Ssim is { } v && double.IsFinite(v)).Select(f => f.Ssim!.Value).ToArray();
        MeanOf(summary, "ssim_mean", ssim);
        LowTail(summary, "ssim_p5", ssim);
        AddDecodeFailures(summary, input);

        // A stack that never stamps its frames has no stamp failures, only no stamps.
        if (frames.Length > 0 && input.Raw.Frames.Any(f => f.UserTimestampUs is not null))
        {
            summary["stamp_fail_pct"] = 100.0 * frames.Count(f => f.UserTimestampUs is null) / frames.Length;
        }
        var depths = input.Raw.Samples
            .Where(s => s.Series == QueueDepthSeries && !s.Warmup && s.TimeUs >= input.T0Us && s.TimeUs <= input.T1Us)
            .Select(s => s.Value)
            .ToArray();
        if (depths.Length > 0)
        {
            summary["queue_depth_max"] = depths.Max();
        }
        var floor = input.Raw.Samples.LastOrDefault(s => s.Series == LatencyFloorSeries);
        if (floor.Series == LatencyFloorSeries)
        {
            summary[LatencyFloorSeries] = floor.Value;
        }
    }

    private static void LowTail(Dictionary<string, double> summary, string name, double[] values)
    {
        if (values.Length > 0)
        {
            summary[name] = Percentile.OfSorted(values.Order().ToArray(), 5);
        }
    }

    /// <summary>The counter's increase over the window: its last value by T1 less its last value by T0 (0 when it started inside).</summary>
    private static void AddDecodeFailures(Dictionary<string, double> summary, SummaryInput input)
    {
        (long Time, double Value)? before = null, atEnd = null;
        foreach (var s in input.Raw.Samples)
        {
            if (s.Series != DecodeFailSeries || s.TimeUs > input.T1Us)
            {
                continue;
            }
            if (atEnd is null || s.TimeUs >= atEnd.Value.Time)
            {
                atEnd = (s.TimeUs, s.Value);
            }
            if (s.TimeUs <= input.T0Us && (before is null || s.TimeUs >= before.Value.Time))
            {
                before = (s.TimeUs, s.Value);
            }
        }
        if (atEnd is { } end)
        {
            summary["decode_fail_count"] = Math.Max(0, end.Value - (before?.Value ?? 0));
        }
    }

    private static void MeanOf(Dictionary<string, double> summary, string name, IEnumerable<double> values)
    {
        var (sum, count) = (0.0, 0);
        foreach (var v in values)
        {
            sum += v;
            count++;
        }
        if (count > 0)
        {
            summary[name] = sum / count;
        }
    }
}
