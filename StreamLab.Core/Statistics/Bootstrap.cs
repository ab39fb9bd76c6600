namespace StreamLab.Core.Statistics;

/// <summary>
/// Seeded percentile bootstrap: the statistic is recomputed on <see cref="Resamples"/> resamples drawn with
/// replacement, and the 2.5th and 97.5th percentiles (<see cref="Percentile"/>) of those values bound the 95% interval.
/// The seed is fixed so the same data always gives the same interval. With very few values the interval is
/// too narrow (n = 3 has only 10 distinct resampled means): verdicts also need Welch's test, see <see cref="MeanDifference"/>.
/// </summary>
public static class Bootstrap
{
    public const int Resamples = 2000;
    public const int Seed = 6_2026;

    /// <summary>The 95% percentile interval of <paramref name="statistic"/>, each call given the shared seeded generator.</summary>
    public static (double Low, double High) Interval95(Func<Random, double> statistic, int resamples = Resamples, int seed = Seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 1);
        var random = new Random(seed);
        var values = new double[resamples];
        for (var i = 0; i < resamples; i++)
        {
            values[i] = statistic(random);
        }
        Array.Sort(values);
        return (Percentile.OfSorted(values, 2.5), Percentile.OfSorted(values, 97.5));
    }

    /// <summary>The mean of one resample (same size, with replacement) of <paramref name="values"/>.</summary>
    public static double ResampledMean(IReadOnlyList<double> values, Random random)
    {
        var sum = 0.0;
        for (var i = 0; i < values.Count; i++)
        {
            sum += values[random.Next(values.Count)];
        }
        return sum / values.Count;
    }
}
