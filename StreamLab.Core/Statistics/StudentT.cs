namespace StreamLab.Core.Statistics;

/// <summary>Student's t distribution: two-sided 95% quantiles (table) and tail probabilities (incomplete beta).</summary>
public static class StudentT
{
    // df = 1..30, standard tables.
    private static readonly double[] Table =
    [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
        2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
    ];

    /// <summary>t(0.975, df); beyond the table, the Cornish–Fisher expansion around z = 1.959964 (error &lt; 1e-4).</summary>
    public static double Quantile975(int df)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(df, 1);
        if (df <= Table.Length)
        {
            return Table[df - 1];
        }
        const double z = 1.959963985;
        double z3 = z * z * z, z5 = z3 * z * z;
        return z + (z3 + z) / (4 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96.0 * df * df);
    }

    /// <summary>P(|T| ≥ |t|) for T ~ t(df), df &gt; 0 and not necessarily whole (Welch): I_{df/(df+t²)}(df/2, 1/2).</summary>
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
}
