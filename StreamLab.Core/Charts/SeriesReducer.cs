namespace StreamLab.Core.Charts;

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
        var xs = new double[points.Count];
        var ys = new double[points.Count];
        for (var i = 0; i < xs.Length; i++)
        {
            (xs[i], ys[i]) = points[i];
        }
        return Reduce(xs, ys, xs.Length, buckets);
    }

    /// <summary>The first <paramref name="count"/> of parallel arrays (one pass, no per-point objects: a million frames take milliseconds).</summary>
    public static ReducedSeries Reduce(double[] xs, double[] ys, int count, int buckets = DefaultBuckets)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 1);
        if (count <= buckets)
        {
            var sortedX = xs[..count];
            var sortedY = ys[..count];
            Array.Sort(sortedX, sortedY);
            return new ReducedSeries(sortedX, sortedY, sortedY, sortedY);
        }
        var lo = double.PositiveInfinity;
        var hi = double.NegativeInfinity;
        for (var i = 0; i < count; i++)
        {
            lo = Math.Min(lo, xs[i]);
            hi = Math.Max(hi, xs[i]);
        }
        var width = (hi - lo) / buckets;
        var n = new int[buckets];
        var sumX = new double[buckets];
        var sumY = new double[buckets];
        var min = new double[buckets];
        var max = new double[buckets];
        Array.Fill(min, double.PositiveInfinity);
        Array.Fill(max, double.NegativeInfinity);
        for (var p = 0; p < count; p++)
        {
            var x = xs[p];
            var y = ys[p];
            var i = width <= 0 ? 0 : Math.Min(buckets - 1, (int)((x - lo) / width));
            n[i]++;
            sumX[i] += x;
            sumY[i] += y;
            if (y < min[i]) min[i] = y;
            if (y > max[i]) max[i] = y;
        }
        var used = 0;
        for (var i = 0; i < buckets; i++)
        {
            if (n[i] > 0) used++;
        }
        var outX = new double[used];
        var outMean = new double[used];
        var outMin = new double[used];
        var outMax = new double[used];
        for (int i = 0, j = 0; i < buckets; i++)
        {
            if (n[i] == 0) continue;
            outX[j] = sumX[i] / n[i];
            outMean[j] = sumY[i] / n[i];
            outMin[j] = min[i];
            outMax[j] = max[i];
            j++;
        }
        return new ReducedSeries(outX, outMean, outMin, outMax);
    }
}
