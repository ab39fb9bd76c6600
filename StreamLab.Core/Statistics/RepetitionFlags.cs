namespace StreamLab.Core.Statistics;

/// <summary>
/// What a plain mean of a point's repetitions would hide. <see cref="Outliers"/>: indexes of repetitions more than 3
/// scaled median absolute deviations from the median (the robust z of Iglewicz &amp; Hoaglin 1993, MAD·1.4826, which is
/// σ for normal data; when more than half the values are equal the MAD is 0 and the mean absolute deviation·1.2533
/// stands in). <see cref="Bimodal"/>: Sarle's bimodality coefficient BC = (G1² + 1) / (G2 + 3(n−1)²/((n−2)(n−3))) from
/// the bias-corrected skewness G1 and excess kurtosis G2 exceeds 5/9, the value of a uniform distribution (Pfister et
/// al. 2013, Frontiers in Psychology 4:700); BC is weak on few values (two clean clusters of 3 give 0.34), so it is
/// judged from <see cref="MinForBimodality"/> repetitions on.
/// </summary>
public sealed record RepetitionFlags(IReadOnlyList<int> Outliers, double? BimodalityCoefficient)
{
    public const double OutlierMads = 3;
    public const double BimodalAbove = 5.0 / 9;
    public const int MinForOutliers = 3;
    public const int MinForBimodality = 10;

    public bool Bimodal => BimodalityCoefficient > BimodalAbove;

    public bool Any => Outliers.Count > 0 || Bimodal;

    public static RepetitionFlags Of(IReadOnlyList<double> values)
    {
        var outliers = new List<int>();
        if (values.Count >= MinForOutliers && values.All(double.IsFinite))
        {
            var median = Percentile.Of(values, 50);
            var deviations = values.Select(v => Math.Abs(v - median)).ToList();
            var scale = Percentile.Of(deviations, 50) * 1.4826;
            if (scale == 0)
            {
                scale = deviations.Average() * 1.2533;
            }
            for (var i = 0; scale > 0 && i < values.Count; i++)
            {
                if (deviations[i] > OutlierMads * scale)
                {
                    outliers.Add(i);
                }
            }
        }
        return new RepetitionFlags(outliers, values.Count >= MinForBimodality ? Coefficient(values) : null);
    }

    /// <summary>Sarle's bimodality coefficient of at least 4 values; null when they have no spread.</summary>
    public static double? Coefficient(IReadOnlyList<double> values)
    {
        var n = (double)values.Count;
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 4);
        var mean = values.Average();
        double m2 = 0, m3 = 0, m4 = 0;
        foreach (var v in values)
        {
            var d = v - mean;
            m2 += d * d / n;
            m3 += d * d * d / n;
            m4 += d * d * d * d / n;
        }
        if (m2 == 0)
        {
            return null;
        }
        var skew = m3 / Math.Pow(m2, 1.5) * Math.Sqrt(n * (n - 1)) / (n - 2);
        var kurtosis = (n - 1) / ((n - 2) * (n - 3)) * ((n + 1) * (m4 / (m2 * m2) - 3) + 6);
        return (skew * skew + 1) / (kurtosis + 3 * (n - 1) * (n - 1) / ((n - 2) * (n - 3)));
    }
}
