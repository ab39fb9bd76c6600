using StreamLab.Core.Raw;
using StreamLab.Core.Statistics;

namespace StreamLab.Core.Metrics;

/// <summary>
/// Computes a record's summary metrics once, over its measurement window. Frames count when
/// T0 ≤ recv_wall_us &lt; T1; samples when T0 ≤ t ≤ T1 and not flagged warm-up. A metric
/// that cannot be computed (no frames, no stamps, no sizes) is left out, never stored as 0.
/// </summary>
public static class SummaryCalculator
{
    public static IReadOnlyDictionary<string, double> Compute(SummaryInput input)
    {
        var summary = new Dictionary<string, double>(StringComparer.Ordinal);
        var windowSeconds = (input.T1Us - input.T0Us) / 1e6;
        if (windowSeconds <= 0)
        {
            return summary;
        }

        var frames = WindowFramesByArrival(input.Raw.Frames, input.T0Us, input.T1Us);
        AddFrameCounts(summary, frames, windowSeconds);
        AddLatency(summary, frames);
        AddArrivals(summary, frames);
        AddBandwidth(summary, frames, windowSeconds);
        AddFirstFrame(summary, input);
        AddUsage(summary, input);
        StreamSummary.Add(summary, frames, input);
        CounterSummary.Add(summary, input);
        VodSummary.Add(summary, input);
        // A metric that cannot be computed is absent: never NaN or ±∞ (nor storable, nor valid JSON).
        foreach (var name in summary.Where(m => !double.IsFinite(m.Value)).Select(m => m.Key).ToArray())
        {
            summary.Remove(name);
        }
        return summary;
    }

    /// <summary>
    /// The window's frames by arrival: recv_wall_us, then frame id, ties in input order (what a stable OrderBy gives),
    /// in one array of the right size, sorted only when they are not in order already. A LINQ Where/OrderBy/ToArray
    /// held two more copies of a million-frame record on the way (a 1M-frame import peaked at 0.8 GB).
    /// </summary>
    private static FrameRow[] WindowFramesByArrival(IReadOnlyList<FrameRow> all, long t0Us, long t1Us)
    {
        var count = 0;
        foreach (var f in all)
        {
            if (f.RecvWallUs >= t0Us && f.RecvWallUs < t1Us) count++;
        }
        var frames = new FrameRow[count];
        var (n, inOrder) = (0, true);
        foreach (var f in all)
        {
            if (f.RecvWallUs < t0Us || f.RecvWallUs >= t1Us) continue;
            inOrder &= n == 0 || (frames[n - 1].RecvWallUs, frames[n - 1].FrameId).CompareTo((f.RecvWallUs, f.FrameId)) <= 0;
            frames[n++] = f;
        }
        if (!inOrder)
        {
            var keys = new (long RecvWallUs, long FrameId, int Index)[count];
            for (var i = 0; i < count; i++) keys[i] = (frames[i].RecvWallUs, frames[i].FrameId, i);
            Array.Sort(keys, frames); // the index makes every key distinct: the order is the stable one
        }
        return frames;
    }

    private static void AddFrameCounts(Dictionary<string, double> summary, FrameRow[] frames, double windowSeconds)
    {
        summary["frames_received"] = frames.Length;
        summary["fps_mean"] = frames.Length / windowSeconds;
        if (frames.Length == 0)
        {
            return;
        }
        var ids = frames.Select(f => f.FrameId).Distinct().Order().ToArray();
        var expected = ids[^1] - ids[0] + 1;
        var lost = expected - ids.Length;
        var gaps = 0;
        for (var i = 1; i < ids.Length; i++)
        {
            if (ids[i] - ids[i - 1] > 1)
            {
                gaps++;
            }
        }
        summary["frames_expected"] = expected;
        summary["frames_lost"] = lost;
        summary["loss_pct"] = 100.0 * lost / expected;
        summary["gap_events"] = gaps;
    }

    private static void AddLatency(Dictionary<string, double> summary, FrameRow[] frames)
    {
        var latencies = frames
            .Where(f => f.UserTimestampUs is not null)
            .Select(f => (f.RecvWallUs - f.UserTimestampUs!.Value) / 1000.0)
            .ToArray();
        if (latencies.Length == 0)
        {
            return;
        }
        summary["latency_mean_ms"] = latencies.Average();
        Array.Sort(latencies);
        summary["latency_p50_ms"] = Percentile.OfSorted(latencies, 50);
        summary["latency_p95_ms"] = Percentile.OfSorted(latencies, 95);
        summary["latency_p99_ms"] = Percentile.OfSorted(latencies, 99);
        summary["latency_max_ms"] = latencies[^1];

        // RFC 3550 §6.4.1: J += (|D(i−1,i)| − J) / 16, D = (Rj − Ri) − (Sj − Si), in arrival order.
        if (latencies.Length >= 2)
        {
            var jitter = 0.0;
            FrameRow? previous = null;
            foreach (var frame in frames)
            {
                if (frame.UserTimestampUs is not { } stamp)
                {
                    continue;
                }
                if (previous is { } p)
                {
                    var d = (frame.RecvWallUs - p.RecvWallUs) - (stamp - p.UserTimestampUs!.Value);
                    jitter += (Math.Abs(d / 1000.0) - jitter) / 16.0;
                }
                previous = frame;
            }
            summary["jitter_ms"] = jitter;
        }
    }

    /// <summary>A stall is an arrival gap over 3× the median of the non-zero interarrival times.</summary>
    private static void AddArrivals(Dictionary<string, double> summary, FrameRow[] frames)
    {
        if (frames.Length < 3)
        {
            return;
        }
        var intervals = new double[frames.Length - 1];
        for (var i = 1; i < frames.Length; i++)
        {
            intervals[i - 1] = frames[i].RecvWallUs - frames[i - 1].RecvWallUs;
        }
        var positive = intervals.Where(v => v > 0).ToArray();
        if (positive.Length == 0)
        {
            return;
        }
        var threshold = 3 * Percentile.Of(positive, 50);
        summary["stall_count"] = intervals.Count(v => v > threshold);
    }

    private static void AddBandwidth(Dictionary<string, double> summary, FrameRow[] frames, double windowSeconds)
    {
        if (!frames.Any(f => f.SizeBytes is not null))
        {
            return;
        }
        var bytes = frames.Sum(f => f.SizeBytes ?? 0);
        summary["bandwidth_mbps"] = bytes * 8 / windowSeconds / 1e6;
    }

    private static void AddFirstFrame(Dictionary<string, double> summary, SummaryInput input)
    {
        if (input.FramesRoleStartUs is not { } start || input.Raw.Frames.Count == 0)
        {
            return;
        }
        var first = input.Raw.Frames.Min(f => f.RecvWallUs);
        summary["first_frame_ms"] = (first - start) / 1000.0;
    }

    private static void AddUsage(Dictionary<string, double> summary, SummaryInput input)
    {
        var bySeries = input.Raw.Samples
            .Where(s => !s.Warmup && s.TimeUs >= input.T0Us && s.TimeUs <= input.T1Us)
            .GroupBy(s => s.Series, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(s => s.Value).ToArray(), StringComparer.Ordinal);

        foreach (var role in input.Roles)
        {
            if (bySeries.TryGetValue(SeriesNames.RoleCpuPct(role), out var cpu) && cpu.Length > 0)
            {
                summary[$"cpu_pct_{role}"] = cpu.Average();
            }
            if (bySeries.TryGetValue(SeriesNames.RoleRssMb(role), out var rss) && rss.Length > 0)
            {
                summary[$"rss_mb_{role}"] = rss.Max();
            }
        }
        if (bySeries.TryGetValue(SeriesNames.SystemCpuPct, out var sysCpu) && sysCpu.Length > 0)
        {
            summary["sys_cpu_pct"] = sysCpu.Average();
        }
        if (bySeries.TryGetValue(SeriesNames.SystemMemMb, out var sysMem) && sysMem.Length > 0)
        {
            summary["sys_mem_mb"] = sysMem.Average();
        }
    }
}
