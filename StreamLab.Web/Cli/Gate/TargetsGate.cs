using System.Globalization;
using StreamLab.Web.Dashboard.Targets;

namespace StreamLab.Web.Cli.Gate;

/// <summary>
/// <c>--gate targets</c>: one case per matrix point × target of the targets view (the newest version, as the targets
/// page shows). A point fails a target when its value misses it, or when no succeeded record measured it: a CI gate
/// must not pass on missing data.
/// </summary>
public static class TargetsGate
{
    public const string Suite = "targets";

    public static IReadOnlyList<GateCase> Judge(TargetsView view)
    {
        var cases = new List<GateCase>();
        foreach (var point in view.Points)
        {
            var className = $"{view.Campaign}.{(point.PointKey.Length == 0 ? "(no parameters)" : point.PointKey)}";
            foreach (var cell in point.Cells)
            {
                var measured = cell.Value is null
                    ? "no succeeded record measured it"
                    : $"value {cell.Shown}{Unit(cell)}{Interval(cell)}, n = {point.N.ToString(CultureInfo.InvariantCulture)}";
                var failure = cell.Status == "pass" ? null : $"point {point.PointKey}: target '{cell.Target}' not met: {measured}";
                cases.Add(new GateCase(Suite, className, cell.Target, failure, $"{cell.Target}: {measured} ({cell.Status}, targets version {view.Version})"));
            }
        }
        return cases;
    }

    private static string Interval(TargetCell cell) => cell.CiLow is { } lo && cell.CiHigh is { } hi
        ? $" (95% CI {Format(cell, lo)} to {Format(cell, hi)}{Unit(cell)})"
        : "";

    private static string Unit(TargetCell cell) => StreamLab.Core.Metrics.MetricCatalogue.Describe(cell.Metric).Unit is { Length: > 0 } unit ? " " + unit : "";

    private static string Format(TargetCell cell, double value) => StreamLab.Core.Metrics.MetricCatalogue.Describe(cell.Metric).FormatValue(value);
}
