using System.Globalization;
using StreamLab.Core.Metrics;
using StreamLab.Core.Statistics;
using StreamLab.Core.Storage;

namespace StreamLab.Web.Dashboard;

/// <summary>
/// The explorer's <c>Reg: metric vs param</c> view (<c>stat=reg:&lt;metric&gt;:&lt;param&gt;</c>): one point per selected
/// record (the parameter's value, the record's summary value) and an ordinary least-squares fit through them.
/// </summary>
public static class MatrixRegression
{
    public const string Prefix = "reg:";

    /// <summary>(metric, param) of a <c>reg:metric:param</c> stat, or null.</summary>
    public static (string Metric, string Param)? Parse(string? stat)
    {
        if (stat is null || !stat.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }
        var parts = stat[Prefix.Length..].Split(':');
        return parts.Length == 2 && parts[0].Length > 0 && parts[1].Length > 0 ? (parts[0], parts[1]) : null;
    }

    public static string Stat(string metric, string param) => $"{Prefix}{metric}:{param}";

    /// <summary>The least-squares fit (<see cref="LinearFit"/>), or null with fewer than two points or no spread in x.</summary>
    public static LinearFit? Fit(IReadOnlyList<(double X, double Y)> points) =>
        points.Count < 2 || points.All(p => p.X == points[0].X)
            ? null
            : LinearFit.Of(points.Select(p => p.X).ToList(), points.Select(p => p.Y).ToList());

    /// <summary>Per-record points of the selected records that have the metric and a numeric value of the parameter.</summary>
    public static IReadOnlyList<(double X, double Y, RecordView Record)> Points(IReadOnlyList<RecordView> records, string metric, string param) =>
        records.Where(r => r.Summary.ContainsKey(metric)
                && r.Params.TryGetValue(param, out var v) && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            .Select(r => (double.Parse(r.Params[param], CultureInfo.InvariantCulture), r.Summary[metric], r))
            .ToList();

    /// <summary>The scatter (each point links to its record) and the fitted line; slope and R² in the title.</summary>
    public static (ChartSpec Chart, LinearFit? Fit, int Points) Chart(IReadOnlyList<RecordView> records, string metric, string param)
    {
        var points = Points(records, metric, param);
        var fit = Fit(points.Select(p => (p.X, p.Y)).ToList());
        var unit = MetricCatalogue.Describe(metric).Unit;
        var traces = new List<ChartTrace>
        {
            new("records", points.Select(p => (object)p.X).ToList(), points.Select(p => (double?)p.Y).ToList(), "markers",
                Links: points.Select(p => $"/records/{p.Record.Id}").ToList()),
        };
        if (fit is not null)
        {
            var lo = points.Min(p => p.X);
            var hi = points.Max(p => p.X);
            traces.Add(new ChartTrace($"fit: y = {G(fit.Intercept)} + {G(fit.Slope)}·x", [lo, hi],
                [fit.Intercept + fit.Slope * lo, fit.Intercept + fit.Slope * hi], "lines", Color: "#d32f2f"));
        }
        var title = $"{metric} vs {param}" + (fit is null ? " (no fit: needs two records with different values)"
            : $": slope {G(fit.Slope)} {unit}/{param}, R² {fit.RSquared.ToString("0.000", CultureInfo.InvariantCulture)}, n = {fit.N}");
        // The axis spans the records (not from zero): the fit is about how the metric moves with the parameter.
        return (new ChartSpec(title, param, ChartSpec.AxisTitle(metric, unit) + ", per record", traces, FitY: true), fit, points.Count);
    }

    private static string G(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
}
