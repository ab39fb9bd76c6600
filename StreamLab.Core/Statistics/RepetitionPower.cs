namespace StreamLab.Core.Statistics;

/// <summary>
/// What a matrix point's repetitions can tell apart: for a two-sided two-sample t-test at α = 0.05 with power 0.8,
/// comparing n repetitions against n more with the spread s seen so far, the smallest change of the mean it will
/// detect is δ = (t(1 − α/2, ν) + t(power, ν))·s·√(2/n), ν = 2(n − 1) (the t form of the usual normal sample-size
/// formula, e.g. Julious 2004, "Sample sizes for clinical trials with normal data", Statistics in Medicine 23:1921).
/// <see cref="RepetitionsFor"/> inverts it: the fewest repetitions per side whose δ is within a chosen effect.
/// The spread is itself an estimate from few values, so these are guides, not guarantees.
/// </summary>
public sealed record RepetitionPower(int N, double Mean, double StdDev, double DetectableChange)
{
    public const double Alpha = 0.05;
    public const double Power = 0.8;

    /// <summary>The largest number of repetitions <see cref="RepetitionsFor"/> looks at before it gives up.</summary>
    public const int MaxRepetitions = 10_000;

    /// <summary><see cref="DetectableChange"/> as a share of |mean|; null when the mean is 0.</summary>
    public double? DetectableRelative => Mean == 0 ? null : DetectableChange / Math.Abs(Mean);

    /// <summary>The power of <paramref name="values"/> (a point's repetitions); null below two finite values.</summary>
    public static RepetitionPower? Of(IReadOnlyList<double> values)
    {
        var finite = values.Where(double.IsFinite).ToList();
        if (finite.Count < 2)
        {
            return null;
        }
        var estimate = MeanEstimate.Of(finite);
        var sd = estimate.StdDev ?? 0;
        return new RepetitionPower(finite.Count, estimate.Mean, sd, Detectable(sd, finite.Count));
    }

    /// <summary>δ for spread <paramref name="stdDev"/> and <paramref name="n"/> ≥ 2 repetitions on each side.</summary>
    public static double Detectable(double stdDev, int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stdDev);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 2);
        var df = 2.0 * (n - 1);
        // StudentT.Critical is two-sided: the one-sided t(power, ν) is the two-sided point of 2·(1 − power).
        var t = StudentT.Critical(Alpha, df) + StudentT.Critical(2 * (1 - Power), df);
        return t * stdDev * Math.Sqrt(2.0 / n);
    }

    /// <summary>
    /// The fewest repetitions per side (≥ 2) that detect a change of <paramref name="effect"/> (same unit as the values)
    /// with this spread; null when even <see cref="MaxRepetitions"/> would not.
    /// </summary>
    public int? RepetitionsFor(double effect)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(effect);
        if (Detectable(StdDev, MaxRepetitions) > effect)
        {
            return null;
        }
        // δ falls as n grows: bisect for the first n whose δ is small enough.
        int low = 1, high = MaxRepetitions;
        while (high - low > 1)
        {
            var mid = (low + high) / 2;
            if (Detectable(StdDev, mid) <= effect)
            {
                high = mid;
            }
            else
            {
                low = mid;
            }
        }
        return high;
    }

    /// <summary><see cref="RepetitionsFor"/> an effect given as a share of |mean| (0.05 = 5%); null when the mean is 0.</summary>
    public int? RepetitionsForRelative(double share) =>
        Mean == 0 ? null : RepetitionsFor(share * Math.Abs(Mean));
}
