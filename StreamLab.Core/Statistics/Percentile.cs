namespace StreamLab.Core.Statistics;

/// <summary>
/// The one percentile definition used everywhere: linear interpolation between closest
/// ranks (Hyndman–Fan type 7, as numpy's default and Excel's PERCENTILE.INC).
/// For sorted x[0..n-1] and p in [0,100]: h = (n−1)·p/100, result = x[⌊h⌋] + (h−⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
/// </summary>
public static class Percentile
{
    /// <summary>The p-th percentile of already sorted values; NaN for an empty list.</summary>
    public static double OfSorted(IReadOnlyList<double> sorted, double p)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(p, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(p, 100);
        if (sorted.Count == 0)
        {
            return double.NaN;
        }
        var h = (sorted.Count - 1) * p / 100.0;
        var lower = (int)Math.Floor(h);
        if (lower >= sorted.Count - 1)
        {
            return sorted[^1];
        }
        return sorted[lower] + (h - lower) * (sorted[lower + 1] - sorted[lower]);
    }

    /// <summary>The p-th percentile of unsorted values (sorts a copy).</summary>
    public static double Of(IEnumerable<double> values, double p)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return OfSorted(sorted, p);
    }
}
