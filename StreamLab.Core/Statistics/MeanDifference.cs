namespace StreamLab.Core.Statistics;

/// <summary>What the replicates of a comparison were.</summary>
public enum DifferenceMethod
{
    /// <summary>Repetitions inside each point pair (every used pair has ≥ 2 on each side): stratified bootstrap and Welch's test.</summary>
    WithinPoints,
    /// <summary>Point pairs with a single repetition: each pair's difference is one replicate (≥ 3 pairs), bootstrap over pairs and a paired t-test.</summary>
    AcrossPoints,
    /// <summary>Too few repetitions and pairs to tell a difference from noise.</summary>
    NotEnoughData,
}

/// <summary>
/// Candidate − baseline of one metric over one or more strata (point pairs that differ only on the compared axis).
/// <see cref="Baseline"/> and <see cref="Candidate"/> are means over strata of each side's mean, so every pair weighs
/// the same whatever its repetition count; <see cref="Change"/> is their difference with a 95% bootstrap interval and a
/// p-value. <see cref="Significant"/> needs both p &lt; 0.05 and an interval that excludes 0, because a percentile
/// bootstrap of a handful of values is too narrow on its own.
/// </summary>
public sealed record MeanDifference(
    DifferenceMethod Method,
    int Pairs,
    int BaselineN,
    int CandidateN,
    double Baseline,
    double Candidate,
    double Change,
    double? Relative,
    double? CiLow,
    double? CiHigh,
    double? P)
{
    public const double Alpha = 0.05;
    public const int MinPairsAcrossPoints = 3;

    public bool Significant => P is { } p && p < Alpha && CiLow is { } lo && CiHigh is { } hi && (lo > 0 || hi < 0);

    public static MeanDifference Of(IReadOnlyList<(IReadOnlyList<double> Baseline, IReadOnlyList<double> Candidate)> strata,
        int resamples = Bootstrap.Resamples, int seed = Bootstrap.Seed)
    {
        var usable = strata.Where(s => s.Baseline.Count > 0 && s.Candidate.Count > 0).ToList();
        var within = usable.Where(s => s.Baseline.Count >= 2 && s.Candidate.Count >= 2).ToList();
        if (within.Count > 0)
        {
            var welch = WelchTest.Stratified(within);
            var (lo, hi) = Bootstrap.Interval95(r =>
                within.Average(s => Bootstrap.ResampledMean(s.Candidate, r) - Bootstrap.ResampledMean(s.Baseline, r)), resamples, seed);
            return Make(DifferenceMethod.WithinPoints, within, lo, hi, welch.P);
        }
        if (usable.Count >= MinPairsAcrossPoints)
        {
            var differences = usable.Select(s => s.Candidate.Average() - s.Baseline.Average()).ToList();
            var paired = WelchTest.Paired(differences);
            var (lo, hi) = Bootstrap.Interval95(r => Bootstrap.ResampledMean(differences, r), resamples, seed);
            return Make(DifferenceMethod.AcrossPoints, usable, lo, hi, paired.P);
        }
        return Make(DifferenceMethod.NotEnoughData, usable, null, null, null);
    }

    private static MeanDifference Make(DifferenceMethod method, IReadOnlyList<(IReadOnlyList<double> Baseline, IReadOnlyList<double> Candidate)> used,
        double? lo, double? hi, double? p)
    {
        if (used.Count == 0)
        {
            return new MeanDifference(method, 0, 0, 0, double.NaN, double.NaN, double.NaN, null, null, null, null);
        }
        var baseline = used.Average(s => s.Baseline.Average());
        var candidate = used.Average(s => s.Candidate.Average());
        return new MeanDifference(method, used.Count, used.Sum(s => s.Baseline.Count), used.Sum(s => s.Candidate.Count),
            baseline, candidate, candidate - baseline, RelativeChange.Of(baseline, candidate), lo, hi, p);
    }
}
