namespace StreamLab.Core.Statistics;

/// <summary>Least-squares line y = Intercept + Slope·x with R² (1 − residual/total sum of squares).</summary>
public sealed record LinearFit(int N, double Slope, double Intercept, double RSquared)
{
    /// <summary>The fit of at least two points with at least two distinct x values.</summary>
    public static LinearFit Of(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        if (x.Count != y.Count)
        {
            throw new ArgumentException($"x has {x.Count} values but y has {y.Count}.", nameof(y));
        }
        if (x.Count < 2)
        {
            throw new ArgumentException("A line needs at least two points.", nameof(x));
        }
        double mx = x.Average(), my = y.Average(), sxx = 0, sxy = 0, syy = 0;
        for (var i = 0; i < x.Count; i++)
        {
            sxx += (x[i] - mx) * (x[i] - mx);
            sxy += (x[i] - mx) * (y[i] - my);
            syy += (y[i] - my) * (y[i] - my);
        }
        if (sxx == 0)
        {
            throw new ArgumentException("Every x is the same: the slope is undefined.", nameof(x));
        }
        var slope = sxy / sxx;
        var intercept = my - slope * mx;
        var residual = 0.0;
        for (var i = 0; i < x.Count; i++)
        {
            var e = y[i] - (intercept + slope * x[i]);
            residual += e * e;
        }
        // A flat y is fitted exactly by a flat line.
        var r2 = syy == 0 ? 1 : 1 - residual / syy;
        return new LinearFit(x.Count, slope, intercept, r2);
    }

    public double Predict(double x) => Intercept + Slope * x;
}
