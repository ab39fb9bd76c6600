namespace StreamLab.Core.Statistics;

/// <summary>How a candidate value relates to a baseline value: (candidate − baseline) / |baseline|, and the ratio.</summary>
public static class RelativeChange
{
    /// <summary>The relative change (0.25 = 25% more); null when the baseline is 0 or either value is not finite.</summary>
    public static double? Of(double baseline, double candidate) =>
        baseline == 0 || !double.IsFinite(baseline) || !double.IsFinite(candidate) ? null : (candidate - baseline) / Math.Abs(baseline);

    /// <summary>How many times larger the larger of two positive values is (2.6 for 13 vs 5); null unless both are &gt; 0.</summary>
    public static double? Factor(double baseline, double candidate) =>
        baseline > 0 && candidate > 0 && double.IsFinite(baseline) && double.IsFinite(candidate)
            ? Math.Max(baseline, candidate) / Math.Min(baseline, candidate)
            : null;
}
