namespace StreamLab.Core.Statistics;

/// <summary>What the replicates of a comparison were.</summary>
public enum DifferenceMethod
{
    /// <summary>Repetitions inside each point pair (every used pair has ≥ 2 on each side): Welch–Satterthwaite t, stratified over pairs.</summary>
    WithinPoints,
    /// <summary>Point pairs with a single repetition: each pair's difference is one replicate (≥ 3 pairs), paired t over pairs.</summary>
    AcrossPoints,
    /// <summary>Too few repetitions and pairs to tell a difference from noise.</summary>
    NotEnoughData,
}

/// <summary>
/// Candidate − baseline of one metric over one or more strata (point pairs that differ only on the compared axis).
/// <see cref="Baseline"/> and <see cref="Candidate"/> are means over strata of each side's mean, so every pair weighs
/// the same whatever its repetition count; <see cref="Change"/> is their difference with a 95% t interval and the
/// p-value of the same t statistic and df (<see cref="TInterval"/>). <see cref="Significant"/> is "the interval excludes 0",
/// which is the same statement as p &lt; <see cref="Alpha"/>.
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
    double? Df,
    double? P)
{
    public const double Alpha = 1 - TInterval.Level95;
    public const int MinPairsAcrossPoints = 3;

    public bool Significant => CiLow is { } lo && CiHigh is { } hi && (lo > 0 || hi < 0);

    public static MeanDifference Of(IReadOnlyList<(IReadOnlyList<double> Baseline, IReadOnlyList<double> Candidate)> strata)
    {
        var usable = strata.Where(s => s.Baseline.Count > 0 && s.Candidate.Count > 0).ToList();
        var within = usable.Where(s => s.Baseline.Count >= 2 && s.Candidate.Count >= 2).ToList();
        if (within.Count > 0)
        {
            return Make(DifferenceMethod.WithinPoints, within, WelchTest.Stratified(within).Interval());
        }
        if (usable.Count >= MinPairsAcrossPoints)
        {
            var differences = usable.Select(s => s.Candidate.Average() - s.Baseline.Average()).ToList();
            return Make(DifferenceMethod.AcrossPoints, usable, WelchTest.Paired(differences).Interval());
        }
        return Make(DifferenceMethod.NotEnoughData, usable, null);
    }

    private static MeanDifference Make(DifferenceMethod method, IReadOnlyList<(IReadOnlyList<double> Baseline, IReadOnlyList<double> Candidate)> used,
        TInterval? interval)
    {
        if (used.Count == 0)
        {
            return new MeanDifference(method, 0, 0, 0, double.NaN, double.NaN, double.NaN, null, null, null, null, null);
        }
        var baseline = used.Average(s => s.Baseline.Average());
        var candidate = used.Average(s => s.Candidate.Average());
        return new MeanDifference(method, used.Count, used.Sum(s => s.Baseline.Count), used.Sum(s => s.Candidate.Count),
            baseline, candidate, candidate - baseline, RelativeChange.Of(baseline, candidate), interval?.Low, interval?.High, interval?.Df, interval?.P);
    }
}
