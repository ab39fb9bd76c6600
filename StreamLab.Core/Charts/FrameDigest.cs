using StreamLab.Core.Raw;

namespace StreamLab.Core.Charts;

/// <summary>A frame-id gap as the latency chart marks it: where the next frame arrived (s, ms) and how many ids were lost.</summary>
public sealed record FrameGap(double X, double Y, long Lost);

/// <summary>
/// What a record's frame charts need, already reduced: latency in at most <see cref="SeriesReducer.DefaultBuckets"/>
/// buckets, the largest frame-id gaps, frames per second, and the first and last receive time. x is seconds since
/// the record started. Kept per finished record (<see cref="Storage.IResultStore.LoadFrameDigestAsync"/>), so opening a
/// record of ten million frames reads a few hundred kilobytes instead of every frame.
/// </summary>
/// <remarks>
/// Computed by <see cref="Compute"/> alone, from the same frame columns whether it is stored or not, so a stored
/// digest draws exactly what the frames would. Changing what it holds or how it is computed means a new <see cref="Version"/>:
/// older stored ones are then recomputed.
/// </remarks>
public sealed record FrameDigest(
    int Count,
    long FirstRecvUs,
    long LastRecvUs,
    ReducedSeries? Latency,
    IReadOnlyList<FrameGap> Gaps,
    int GapCount,
    long LostIds,
    ReducedSeries? FramesPerSecond)
{
    /// <summary>The layout and algorithm of stored digests.</summary>
    public const int Version = 1;

    /// <summary>The most gaps kept (the largest, then in time order).</summary>
    public const int MaxGaps = 1000;

    public static readonly FrameDigest Empty = new(0, 0, 0, null, [], 0, 0, null);

    /// <param name="frames">Every frame of the record, in receive order.</param>
    /// <param name="originUs">The record's start (epoch µs): x = 0.</param>
    public static FrameDigest Compute(FrameColumns frames, long originUs)
    {
        if (frames.Count == 0)
        {
            return Empty;
        }
        double Seconds(long us) => (us - originUs) / 1e6;
        var gaps = FindGaps(frames, Seconds);
        var shown = gaps.OrderByDescending(g => g.Lost).Take(MaxGaps).OrderBy(g => g.X).ToList();
        return new FrameDigest(frames.Count, frames.RecvWallUs[0], frames.RecvWallUs[frames.Count - 1], ReduceLatency(frames, Seconds),
            shown, gaps.Count, gaps.Sum(g => g.Lost), CountPerSecond(frames, Seconds));
    }

    /// <summary>Per-frame latency (ms) of the stamped frames, bucketed: mean, min and max per bucket; null when none is stamped.</summary>
    private static ReducedSeries? ReduceLatency(FrameColumns frames, Func<long, double> seconds)
    {
        var n = frames.Count;
        var xs = new double[n];
        var ys = new double[n];
        var stamped = 0;
        for (var i = 0; i < n; i++)
        {
            var user = frames.UserTimestampUs[i];
            if (user == FrameColumns.NoStamp) continue;
            xs[stamped] = seconds(frames.RecvWallUs[i]);
            ys[stamped] = (frames.RecvWallUs[i] - user) / 1000.0;
            stamped++;
        }
        return stamped == 0 ? null : SeriesReducer.Reduce(xs, ys, stamped);
    }

    /// <summary>Runs of missing ids in frame-id order; frames usually arrive in that order, so the sort is mostly skipped.</summary>
    private static List<FrameGap> FindGaps(FrameColumns frames, Func<long, double> seconds)
    {
        var n = frames.Count;
        var order = new int[n];
        for (var i = 0; i < n; i++) order[i] = i;
        var sorted = true;
        for (var i = 1; i < n && sorted; i++) sorted = frames.FrameId[i] >= frames.FrameId[i - 1];
        if (!sorted)
        {
            Array.Sort(frames.FrameId[..n], order);
        }
        var gaps = new List<FrameGap>();
        for (var k = 1; k < n; k++)
        {
            var lost = frames.FrameId[order[k]] - frames.FrameId[order[k - 1]] - 1;
            if (lost > 0)
            {
                var i = order[k];
                var user = frames.UserTimestampUs[i];
                gaps.Add(new FrameGap(seconds(frames.RecvWallUs[i]), user == FrameColumns.NoStamp ? 0 : (frames.RecvWallUs[i] - user) / 1000.0, lost));
            }
        }
        return gaps;
    }

    /// <summary>
    /// Frames counted per whole second since the start, reduced like any series. The seconds of the first and last frame
    /// are only partly covered, so with more than two seconds they are left out rather than drawn as a false drop.
    /// </summary>
    private static ReducedSeries CountPerSecond(FrameColumns frames, Func<long, double> seconds)
    {
        var first = (long)Math.Floor(seconds(frames.RecvWallUs[0]));
        var last = (long)Math.Floor(seconds(frames.RecvWallUs[frames.Count - 1]));
        var counts = new int[last - first + 1];
        for (var i = 0; i < frames.Count; i++)
        {
            counts[(long)Math.Floor(seconds(frames.RecvWallUs[i])) - first]++;
        }
        var xs = new List<(double, double)>();
        var whole = counts.Length > 2 ? 1 : 0;
        for (var s = whole; s < counts.Length - whole; s++)
        {
            if (counts[s] > 0) xs.Add((first + s, counts[s]));
        }
        return SeriesReducer.Reduce(xs);
    }
}
