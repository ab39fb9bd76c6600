namespace StreamLab.Core.Statistics;

/// <summary>
/// Mean of repetitions with its sample standard deviation and a 95% confidence interval by seeded bootstrap
/// (<see cref="Bootstrap"/>); no spread and no interval below two values. Immutable, computed once.
/// </summary>
public sealed record MeanEstimate(int N, double Mean, double? StdDev, double? CiLow, double? CiHigh)
{
    public static MeanEstimate Of(IReadOnlyList<double> values, int resamples = Bootstrap.Resamples, int seed = Bootstrap.Seed)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return new MeanEstimate(0, double.NaN, null, null, null);
        }
        var mean = values.Average();
        if (values.Count == 1)
        {
            return new MeanEstimate(1, mean, null, null, null);
        }
        var (low, high) = Bootstrap.Interval95(r => Bootstrap.ResampledMean(values, r), resamples, seed);
        return new MeanEstimate(values.Count, mean, SampleStdDev(values, mean), low, high);
    }

    /// <summary>Sample standard deviation (n − 1 in the denominator).</summary>
    public static double SampleStdDev(IReadOnlyList<double> values, double mean) =>
        Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
}
