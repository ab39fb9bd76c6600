namespace StreamLab.Core.Metrics;

/// <summary>Whether a smaller or a larger value of a metric is the better one.</summary>
public enum Direction { LowerIsBetter, HigherIsBetter, Neutral }

/// <summary>How a metric is reduced across the repetitions of one matrix point.</summary>
public enum Aggregation { Mean, Sum, Max, Min }

/// <summary>A named quantity with a unit, a direction and a one-line description.</summary>
public sealed record MetricDescriptor(
    string Name,
    string Unit,
    string Format,
    Direction Direction,
    Aggregation AcrossRepetitions,
    string Description)
{
    /// <summary>The value in this metric's display format (invariant culture).</summary>
    public string FormatValue(double value) =>
        double.IsFinite(value) ? value.ToString(Format, System.Globalization.CultureInfo.InvariantCulture) : value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
