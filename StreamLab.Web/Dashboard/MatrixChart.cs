using StreamLab.Core.Metrics;
using StreamLab.Core.Statistics;

namespace StreamLab.Web.Dashboard;

/// <summary>
/// The matrix explorer's chart as small multiples: one panel per combination of the view's <see cref="MatrixView.Facets"/>,
/// one trace per group value, x the x parameter's value. Every plotted point, and its error bar, is one matrix point:
/// points that differ in a parameter the chart does not show are never pooled or drawn at the same x.
/// </summary>
public static class MatrixChart
{
    /// <summary>More panels than this are not drawn (the table still lists every point); a filter narrows them.</summary>
    public const int MaxPanels = 24;

    public static IReadOnlyList<ChartSpec> Build(MatrixView view, Func<PointStat, string> link)
    {
        if (view.Stat is null || view.Points.Count == 0)
        {
            return [];
        }
        var panels = Panels(view).Take(MaxPanels).Select(panel => Panel(view, panel.Label, panel.Points, link)).ToList();
        return panels.Count > 1 ? panels.Select(p => p with { YRange = SharedRange(panels) }).ToList() : panels;
    }

    /// <summary>One y range for every panel: all values and error bars, and 0 (the axes start at zero, as a single chart's do).</summary>
    private static IReadOnlyList<double> SharedRange(IReadOnlyList<ChartSpec> panels)
    {
        var ends = panels.SelectMany(c => c.Traces).SelectMany(t => t.Y.Select((y, i) => (Y: y ?? 0, E: t.Error?[i] ?? 0)))
            .SelectMany(p => new[] { p.Y - p.E, p.Y + p.E }).Append(0).ToList();
        var (low, high) = (ends.Min(), ends.Max());
        var pad = (high - low) * 0.05;
        return [low < 0 ? low - pad : 0, high + (high == low ? 1 : pad)];
    }

    /// <summary>The points of each panel, panels in the facets' display order; one unnamed panel without facets.</summary>
    public static IReadOnlyList<(string Label, IReadOnlyList<PointStat> Points)> Panels(MatrixView view)
    {
        var facets = (view.Facets ?? []).Select(name => view.Axes.First(a => a.Name == name)).ToList();
        if (facets.Count == 0)
        {
            return [("", view.Points)];
        }
        return view.Points
            .GroupBy(p => string.Join(", ", facets.Select(f => $"{f.Name}={p.Params.GetValueOrDefault(f.Name)}")), StringComparer.Ordinal)
            .Select(g => (Label: g.Key, Points: (IReadOnlyList<PointStat>)g.ToList(), First: g.First()))
            .OrderBy(g => facets.Aggregate(0L, (key, f) => key * 10_000 + Math.Min(MatrixExplorer.IndexOf(f.Values, g.First.Params.GetValueOrDefault(f.Name)), 9_999)))
            .Select(g => (g.Label, g.Points))
            .ToList();
    }

    private static ChartSpec Panel(MatrixView view, string label, IReadOnlyList<PointStat> points, Func<PointStat, string> link)
    {
        var xAxis = view.Axes.FirstOrDefault(a => a.Name == view.X);
        var groups = view.Group is null ? [""] : view.Axes.First(a => a.Name == view.Group).Values;
        var withInterval = view.Aggregation == Aggregation.Mean;
        var traces = new List<ChartTrace>();
        foreach (var g in groups)
        {
            var mine = points.Where(p => view.Group is null || p.Params.GetValueOrDefault(view.Group) == g).ToList();
            if (mine.Count == 0)
            {
                continue;
            }
            var ordered = xAxis is null ? mine : mine.OrderBy(p => MatrixExplorer.IndexOf(xAxis.Values, p.Params.GetValueOrDefault(xAxis.Name))).ToList();
            traces.Add(new ChartTrace(view.Group is null ? view.Stat ?? "" : $"{view.Group}={g}",
                ordered.Select(p => (object)(xAxis is null ? p.PointKey : p.Params.GetValueOrDefault(xAxis.Name) ?? "")).ToList(),
                ordered.Select(p => (double?)view.ValueOf(p)).ToList(), "lines+markers",
                Error: withInterval ? ordered.Select(p => p.Ci95).ToList() : null, Links: ordered.Select(link).ToList()));
        }
        var unit = MetricCatalogue.Describe(view.Stat!).Unit;
        var title = $"{view.Stat} by {view.X}" + (view.Group is null ? "" : $", grouped by {view.Group}") + (label.Length == 0 ? "" : $" — {label}");
        var yTitle = ChartSpec.AxisTitle(view.Stat!, unit) + ", " + (withInterval ? "mean ± 95% CI" : PointValue.Label(view.Aggregation));
        return new ChartSpec(title, view.X ?? "point", yTitle, traces, CategoricalX: true);
    }

    /// <summary>What a point, its error bar and the panels mean, in words for under the chart.</summary>
    public static string Explanation(MatrixView view)
    {
        var what = view.Aggregation switch
        {
            Aggregation.Mean => "Each point is the mean of its succeeded repetitions; error bars and ± are the 95% Student t interval " +
                "mean ± t(0.975, n−1)·s/√n (none when n = 1; with 2 repetitions t is 12.71, so the bar is wide: two values say little about the spread).",
            _ => $"Each point is the {PointValue.Label(view.Aggregation)} of {view.Stat}, as the metric catalogue reduces it; " +
                "a confidence interval of a mean would not describe it, so there are no error bars (s, min and max are in the table).",
        };
        var facets = view.Facets ?? [];
        if (facets.Count == 0)
        {
            return what;
        }
        var panels = Panels(view).Count;
        var names = string.Join(" and ", facets);
        var split = $" One panel per value of {names} (varying, but neither the x axis nor the group), all on one y scale, so every plotted point"
            + (view.Aggregation == Aggregation.Mean ? " and error bar" : "") + " is one matrix point, never a pool of several.";
        var cut = panels > MaxPanels ? $" Only the first {MaxPanels} of {panels} panels are drawn: filter {names} to see the others; the table lists every point." : "";
        return what + split + cut;
    }
}
