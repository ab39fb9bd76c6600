namespace StreamLab.Core.Statistics;

/// <summary>
/// An estimate with its t-based confidence interval and the two-sided p-value of "the true value is 0", all from one
/// statistic t = estimate / standard error with <see cref="Df"/> degrees of freedom. The interval is
/// estimate ± t(1 − α/2, df)·se, so it excludes 0 exactly when p &lt; α: the two can never disagree.
/// </summary>
public sealed record TInterval(double Estimate, double StandardError, double Df, double Level, double HalfWidth, double P)
{
    public const double Level95 = 0.95;

    public double Low => Estimate - HalfWidth;

    public double High => Estimate + HalfWidth;

    /// <summary>The interval lies wholly above or below 0 (equivalently p &lt; 1 − <see cref="Level"/>).</summary>
    public bool ExcludesZero => Low > 0 || High < 0;

    /// <summary>The interval of <paramref name="estimate"/> with standard error <paramref name="standardError"/> (≥ 0) on <paramref name="df"/> degrees of freedom.</summary>
    public static TInterval Of(double estimate, double standardError, double df, double level = Level95)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(standardError);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(df);
        if (standardError == 0)
        {
            // No spread at all: the estimate is all there is; a non-zero one is as certain as this data can make it.
            return new TInterval(estimate, 0, df, level, 0, estimate == 0 ? 1 : 0);
        }
        var critical = StudentT.Critical(1 - level, df);
        return new TInterval(estimate, standardError, df, level, critical * standardError, StudentT.TwoSidedP(estimate / standardError, df));
    }
}
