using StreamLab.Core.Metrics;

namespace StreamLab.Core.Statistics;

/// <summary>
/// One matrix point's value of a metric over its repetitions, reduced as the catalogue says
/// (<see cref="MetricDescriptor.AcrossRepetitions"/>): the mean with its Student t interval (<see cref="MeanEstimate"/>),
/// or the largest, smallest or summed value, which get no interval: a confidence interval of the mean says nothing
/// about the largest of a few values. The matrix explorer and targets both read points through this.
/// </summary>
public sealed record PointValue(Aggregation Aggregation, double Value, MeanEstimate Estimate, double Min, double Max)
{
    public int N => Estimate.N;

    /// <summary>The 95% interval of <see cref="Value"/>: only for a mean of at least two repetitions.</summary>
    public double? CiLow => Aggregation == Aggregation.Mean ? Estimate.CiLow : null;

    public double? CiHigh => Aggregation == Aggregation.Mean ? Estimate.CiHigh : null;

    /// <summary>Half the interval (it is symmetric about the mean).</summary>
    public double? HalfWidth => Aggregation == Aggregation.Mean ? Estimate.HalfWidth : null;

    /// <summary>The point's value of <paramref name="metric"/> from its repetitions' finite values; null when there are none.</summary>
    public static PointValue? Of(MetricDescriptor metric, IReadOnlyList<double> values)
    {
        var finite = values.Where(double.IsFinite).ToList();
        if (finite.Count == 0)
        {
            return null;
        }
        var estimate = MeanEstimate.Of(finite);
        var (min, max) = (finite.Min(), finite.Max());
        var value = metric.AcrossRepetitions switch
        {
            Aggregation.Max => max,
            Aggregation.Min => min,
            Aggregation.Sum => finite.Sum(),
            _ => estimate.Mean,
        };
        return new PointValue(metric.AcrossRepetitions, value, estimate, min, max);
    }

    /// <summary>How the value was reduced, as a column or axis label: "mean", "max over repetitions", …</summary>
    public static string Label(Aggregation aggregation) => aggregation switch
    {
        Aggregation.Max => "max over repetitions",
        Aggregation.Min => "min over repetitions",
        Aggregation.Sum => "sum over repetitions",
        _ => "mean",
    };
}
