namespace StreamLab.Core.Statistics;

/// <summary>
/// Student's t distribution for any df &gt; 0, whole or not (Welch–Satterthwaite gives fractions): two-sided tail
/// probabilities (incomplete beta) and the critical value that inverts them, so an interval and a p-value built on
/// the same t and df always agree.
/// </summary>
public static class StudentT
{
    /// <summary>P(|T| ≥ |t|) for T ~ t(df), df &gt; 0: I_{df/(df+t²)}(df/2, 1/2).</summary>
    public static double TwoSidedP(double t, double df)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(df);
        if (double.IsNaN(t))
        {
            return double.NaN;
        }
        if (double.IsInfinity(t))
        {
            return 0;
        }
        return SpecialFunctions.RegularizedIncompleteBeta(df / 2, 0.5, df / (df + t * t));
    }

    /// <summary>t(0.975, df): the half-width of a 95% interval in standard errors.</summary>
    public static double Quantile975(double df) => Critical(0.05, df);

    /// <summary>
    /// The c ≥ 0 with P(|T| ≥ c) = <paramref name="alpha"/> for T ~ t(df): Newton steps on <see cref="TwoSidedP"/>
    /// kept inside a bisection bracket, to a relative 1e-13, so TwoSidedP(c, df) = alpha to rounding.
    /// </summary>
    public static double Critical(double alpha, double df)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(df);
        if (!(alpha > 0 && alpha < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha must be strictly between 0 and 1.");
        }
        if (df == 1)
        {
            // Cauchy: closed form.
            return Math.Tan(Math.PI / 2 * (1 - alpha));
        }
        if (df == 2)
        {
            // P(|T| ≥ c) = 1 − c/√(c² + 2).
            var q = 1 - alpha;
            return q * Math.Sqrt(2 / (1 - q * q));
        }
        // Bracket: t(df) tails shrink as df grows, so the normal point is a lower bound for every df ≥ 1; grow the upper end.
        double low = 0, high = 2;
        while (TwoSidedP(high, df) > alpha)
        {
            low = high;
            high *= 2;
        }
        var c = (low + high) / 2;
        var logDensityConstant = SpecialFunctions.LogGamma((df + 1) / 2) - SpecialFunctions.LogGamma(df / 2) - 0.5 * Math.Log(df * Math.PI);
        for (var i = 0; i < 200; i++)
        {
            var excess = TwoSidedP(c, df) - alpha;
            if (excess > 0)
            {
                low = c;
            }
            else
            {
                high = c;
            }
            // d/dc P(|T| ≥ c) = −2·density(c).
            var slope = -2 * Math.Exp(logDensityConstant - (df + 1) / 2 * Math.Log(1 + c * c / df));
            var next = c - excess / slope;
            if (!(next > low && next < high))
            {
                next = (low + high) / 2;
            }
            if (Math.Abs(next - c) <= 1e-13 * c)
            {
                return next;
            }
            c = next;
        }
        return c;
    }
}
