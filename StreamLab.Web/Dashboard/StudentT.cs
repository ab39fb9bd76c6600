namespace StreamLab.Web.Dashboard;

/// <summary>Two-sided 95% quantiles of Student's t distribution: t(0.975, df).</summary>
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
}
