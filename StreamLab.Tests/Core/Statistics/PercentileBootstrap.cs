namespace StreamLab.Tests.Core.Statistics;

/// <summary>
/// The compare's interval before issue #21, kept here only so the calibration tests can show it failing: a seeded
/// percentile bootstrap (2,000 resamples, 2.5th–97.5th percentiles) of the mean over pairs of
/// (resampled candidate mean − resampled baseline mean). With 2 values a side a resample has 3 possible means, so the
/// interval is far too narrow.
/// </summary>
public static class PercentileBootstrap
{
    public const int Resamples = 2000;
    public const int Seed = 6_2026;

    public static (double Low, double High) Interval95(IReadOnlyList<(IReadOnlyList<double> Baseline, IReadOnlyList<double> Candidate)> strata)
    {
        var random = new Random(Seed);
        // Arrays, not the lists' interface: the simulation calls this 4,000 times × 2,000 resamples.
        var sides = strata.Select(s => (Baseline: s.Baseline.ToArray(), Candidate: s.Candidate.ToArray())).ToArray();
        var values = new double[Resamples];
        for (var i = 0; i < Resamples; i++)
        {
            var sum = 0.0;
            foreach (var (baseline, candidate) in sides)
            {
                sum += ResampledMean(candidate, random) - ResampledMean(baseline, random);
            }
            values[i] = sum / sides.Length;
        }
        Array.Sort(values);
        return (StreamLab.Core.Statistics.Percentile.OfSorted(values, 2.5), StreamLab.Core.Statistics.Percentile.OfSorted(values, 97.5));
    }

    private static double ResampledMean(double[] values, Random random)
    {
        var sum = 0.0;
        for (var i = 0; i < values.Length; i++)
        {
            sum += values[random.Next(values.Length)];
        }
        return sum / values.Length;
    }
}
