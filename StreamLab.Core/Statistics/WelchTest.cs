namespace StreamLab.Core.Statistics;

/// <summary>
/// Welch's unequal-variances t-test of candidate − baseline, generalised to several strata (matrix point pairs):
/// the difference is the mean over strata of (mean candidate − mean baseline), its variance
/// Σ(s²_b/n_b + s²_c/n_c)/k², and the degrees of freedom Welch–Satterthwaite over every group.
/// With one stratum this is exactly Welch's test.
/// </summary>
public sealed record WelchTest(double Difference, double T, double Df, double P)
{
    /// <summary>The test of one baseline sample against one candidate sample (each at least two values).</summary>
    public static WelchTest Of(IReadOnlyList<double> baseline, IReadOnlyList<double> candidate) => Stratified([(baseline, candidate)]);

    public static WelchTest Stratified(IReadOnlyList<(IReadOnlyList<double> Baseline, IReadOnlyList<double> Candidate)> strata)
    {
        ArgumentOutOfRangeException.ThrowIfZero(strata.Count);
        var k = strata.Count;
        double difference = 0, variance = 0, dfDenominator = 0;
        foreach (var (baseline, candidate) in strata)
        {
            if (baseline.Count < 2 || candidate.Count < 2)
            {
                throw new ArgumentException("Welch's test needs at least two values on each side of every stratum.", nameof(strata));
            }
            difference += (candidate.Average() - baseline.Average()) / k;
            foreach (var group in new[] { baseline, candidate })
            {
                var s = MeanEstimate.SampleStdDev(group, group.Average());
                var v = s * s / group.Count / ((double)k * k);
                variance += v;
                dfDenominator += v * v / (group.Count - 1);
            }
        }
        if (variance == 0)
        {
            // No spread anywhere: either no difference at all, or a difference every repetition repeats exactly.
            var minDf = strata.Sum(s => s.Baseline.Count + s.Candidate.Count - 2);
            return difference == 0
                ? new WelchTest(0, 0, minDf, 1)
                : new WelchTest(difference, Math.CopySign(double.PositiveInfinity, difference), minDf, 0);
        }
        var t = difference / Math.Sqrt(variance);
        var df = variance * variance / dfDenominator;
        return new WelchTest(difference, t, df, StudentT.TwoSidedP(t, df));
    }

    /// <summary>One-sample t-test of paired differences against 0 (df = n − 1): used when points, not repetitions, are the replicates.</summary>
    public static WelchTest Paired(IReadOnlyList<double> differences)
    {
        if (differences.Count < 2)
        {
            throw new ArgumentException("A paired test needs at least two differences.", nameof(differences));
        }
        var mean = differences.Average();
        var s = MeanEstimate.SampleStdDev(differences, mean);
        var df = differences.Count - 1;
        if (s == 0)
        {
            return mean == 0 ? new WelchTest(0, 0, df, 1) : new WelchTest(mean, Math.CopySign(double.PositiveInfinity, mean), df, 0);
        }
        var t = mean / (s / Math.Sqrt(differences.Count));
        return new WelchTest(mean, t, df, StudentT.TwoSidedP(t, df));
    }
}
