namespace StreamLab.Core.Statistics;

/// <summary>
/// Mean of repetitions with its sample standard deviation and the 95% Student t interval mean ± t(0.975, n − 1)·s/√n
/// (exact for normal values at any n ≥ 2; wide at n = 2, where t is 12.71, because two values say little about the
/// spread). No spread and no interval below two values. Immutable, computed once.
/// </summary>
public sealed record MeanEstimate(int N, double Mean, double? StdDev, double? CiLow, double? CiHigh)
{
    /// <summary>Half the interval's width (it is symmetric about the mean); null without an interval.</summary>
    public double? HalfWidth => CiHigh - Mean;

    public static MeanEstimate Of(IReadOnlyList<double> values)
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
        var sd = SampleStdDev(values, mean);
        var interval = TInterval.Of(mean, sd / Math.Sqrt(values.Count), values.Count - 1);
        return new MeanEstimate(values.Count, mean, sd, interval.Low, interval.High);
    }

    /// <summary>Sample standard deviation (n − 1 in the denominator).</summary>
    public static double SampleStdDev(IReadOnlyList<double> values, double mean)
    {
        var sum = 0.0;
        for (var i = 0; i < values.Count; i++)
        {
            sum += (values[i] - mean) * (values[i] - mean);
        }
        return Math.Sqrt(sum / (values.Count - 1));
    }
}
