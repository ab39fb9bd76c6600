namespace StreamLab.Web.Dashboard;

/// <summary>A series cut into equal-width x buckets: per bucket the mean x, and min, max and mean y.</summary>
public sealed record ReducedSeries(double[] X, double[] Mean, double[] Min, double[] Max)
{
    public int Count => X.Length;
}

/// <summary>Shrinks long series before they cross the circuit: at most a few thousand points per trace.</summary>
public static class SeriesReducer
{
    public const int DefaultBuckets = 1500;

    /// <summary>Points sorted or not; returns them as-is (min = max = mean) when they already fit in <paramref name="buckets"/>.</summary>
    public static ReducedSeries Reduce(IReadOnlyList<(double X, double Y)> points, int buckets = DefaultBuckets)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 1);
        if (points.Count <= buckets)
        {
            var sorted = points.OrderBy(p => p.X).ToArray();
            var ys = sorted.Select(p => p.Y).ToArray();
            return new ReducedSeries(sorted.Select(p => p.X).ToArray(), ys, ys, ys);
        }
        var lo = points.Min(p => p.X);
        var hi = points.Max(p => p.X);
        var width = (hi - lo) / buckets;
        var count = new int[buckets];
        var sumX = new double[buckets];
        var sumY = new double[buckets];
        var min = Enumerable.Repeat(double.PositiveInfinity, buckets).ToArray();
        var max = Enumerable.Repeat(double.NegativeInfinity, buckets).ToArray();
        foreach (var (x, y) in points)
        {
            var i = width <= 0 ? 0 : Math.Min(buckets - 1, (int)((x - lo) / width));
            count[i]++;
            sumX[i] += x;
            sumY[i] += y;
            min[i] = Math.Min(min[i], y);
            max[i] = Math.Max(max[i], y);
        }
        var used = Enumerable.Range(0, buckets).Where(i => count[i] > 0).ToArray();
        return new ReducedSeries(
            used.Select(i => sumX[i] / count[i]).ToArray(),
            used.Select(i => sumY[i] / count[i]).ToArray(),
            used.Select(i => min[i]).ToArray(),
            used.Select(i => max[i]).ToArray());
    }
}
