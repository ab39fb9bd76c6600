using System.Globalization;
using StreamLab.Core.Statistics;
using StreamLab.Core.Storage;

namespace StreamLab.Web.Dashboard;

/// <summary>What the matrix explorer shows; every field comes from the URL.</summary>
public sealed record MatrixQuery(string? Campaign, string? Stat, string? X, string? Group, IReadOnlyDictionary<string, IReadOnlyList<string>> Filters);

/// <summary>A parameter of the campaign and every value its records took, in display order.</summary>
public sealed record ParamAxis(string Name, IReadOnlyList<string> Values);

/// <summary>One matrix point's statistic over its succeeded repetitions; <see cref="Ci95"/> is the half-width of the 95% CI.</summary>
public sealed record PointStat(string PointKey, IReadOnlyDictionary<string, string> Params, int N, double Mean, double? StdDev, double? Ci95,
    double Min, double Max, IReadOnlyList<long> RecordIds);

/// <summary>The explorer's view: the choices offered and the points that match the filters.</summary>
public sealed record MatrixView(string? Campaign, IReadOnlyList<string> Stats, string? Stat, IReadOnlyList<ParamAxis> Axes, string? X, string? Group,
    IReadOnlyList<PointStat> Points, int RecordsUsed, int RecordsNotSucceeded);

/// <summary>Mean and 95% confidence interval (mean ± t(0.975, n−1)·s/√n) per matrix point, from stored summaries only.</summary>
public static class MatrixExplorer
{
    public static MatrixView Build(MatrixQuery query, IReadOnlyList<RecordView> campaignRecords)
    {
        var succeeded = campaignRecords.Where(r => r.Status == RecordStatus.Succeeded).ToList();
        var stats = succeeded.SelectMany(r => r.Summary.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var stat = query.Stat is { } s && stats.Contains(s) ? s : stats.Contains("latency_p95_ms") ? "latency_p95_ms" : stats.FirstOrDefault();
        var axes = campaignRecords.SelectMany(r => r.Params).GroupBy(p => p.Key, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ParamAxis(g.Key, SortValues(g.Select(p => p.Value).Distinct(StringComparer.Ordinal)))).ToList();
        var varying = axes.Where(a => a.Values.Count > 1).Select(a => a.Name).ToList();
        var x = query.X is { } qx && axes.Any(a => a.Name == qx) ? qx : varying.FirstOrDefault() ?? axes.FirstOrDefault()?.Name;
        var group = query.Group is { } qg && qg != x && axes.Any(a => a.Name == qg) ? qg : query.Group is null ? varying.FirstOrDefault(v => v != x) : null;

        var kept = succeeded.Where(r => Matches(r, query.Filters)).ToList();
        var points = stat is null ? [] : kept
            .GroupBy(r => r.PointKey, StringComparer.Ordinal)
            .Select(g => Point(g.Key, g.ToList(), stat))
            .OfType<PointStat>()
            .ToList();
        // Table order follows the parameters' display order (numbers numerically: 5 before 20), not the key's text.
        foreach (var axis in Enumerable.Reverse(axes))
        {
            points = points.OrderBy(p => IndexOf(axis.Values, p.Params.GetValueOrDefault(axis.Name))).ToList();
        }
        return new MatrixView(query.Campaign, stats, stat, axes, x, group, points, kept.Count, campaignRecords.Count - succeeded.Count);
    }

    /// <summary>The succeeded records the filters keep: what the Reg and Heat views are computed over.</summary>
    public static IReadOnlyList<RecordView> Selected(MatrixQuery query, IReadOnlyList<RecordView> campaignRecords) =>
        campaignRecords.Where(r => r.Status == RecordStatus.Succeeded && Matches(r, query.Filters)).ToList();

    /// <summary>A filter keeps a record when the record's value is one of the chosen ones; a parameter without a filter keeps all.</summary>
    private static bool Matches(RecordView record, IReadOnlyDictionary<string, IReadOnlyList<string>> filters) =>
        filters.All(f => f.Value.Count == 0 || (record.Params.TryGetValue(f.Key, out var v) && f.Value.Contains(v)));

    private static PointStat? Point(string key, List<RecordView> records, string stat)
    {
        var values = records.Where(r => r.Summary.ContainsKey(stat)).Select(r => r.Summary[stat]).ToArray();
        if (values.Length == 0)
        {
            return null;
        }
        var n = values.Length;
        var mean = values.Average();
        double? sd = n > 1 ? Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (n - 1)) : null;
        double? ci = sd is { } s ? StudentT.Quantile975(n - 1) * s / Math.Sqrt(n) : null;
        return new PointStat(key, records[0].Params, n, mean, sd, ci, values.Min(), values.Max(), records.Select(r => r.Id).ToList());
    }

    /// <summary>Numbers in numeric order when every value is a number, else ordinal.</summary>
    public static IReadOnlyList<string> SortValues(IEnumerable<string> values)
    {
        var list = values.ToList();
        return list.All(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            ? list.OrderBy(v => double.Parse(v, CultureInfo.InvariantCulture)).ToList()
            : list.Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>One trace per value of the grouping parameter; x is the x parameter's value; error bars are the 95% CI.</summary>
    public static ChartSpec Chart(MatrixView view, Func<PointStat, string> link)
    {
        var xAxis = view.Axes.FirstOrDefault(a => a.Name == view.X);
        var groups = view.Group is null ? [""] : view.Axes.First(a => a.Name == view.Group).Values;
        var traces = new List<ChartTrace>();
        foreach (var g in groups)
        {
            var mine = view.Points.Where(p => view.Group is null || p.Params.GetValueOrDefault(view.Group) == g).ToList();
            if (mine.Count == 0)
            {
                continue;
            }
            var ordered = xAxis is null ? mine : mine.OrderBy(p => IndexOf(xAxis.Values, p.Params.GetValueOrDefault(xAxis.Name))).ToList();
            traces.Add(new ChartTrace(view.Group is null ? view.Stat ?? "" : $"{view.Group}={g}",
                ordered.Select(p => (object)(xAxis is null ? p.PointKey : p.Params.GetValueOrDefault(xAxis.Name) ?? "")).ToList(),
                ordered.Select(p => (double?)p.Mean).ToList(), "lines+markers",
                Error: ordered.Select(p => p.Ci95).ToList(), Links: ordered.Select(link).ToList()));
        }
        var unit = view.Stat is null ? "" : Core.Metrics.MetricCatalogue.Describe(view.Stat).Unit;
        return new ChartSpec($"{view.Stat} by {view.X}" + (view.Group is null ? "" : $", grouped by {view.Group}"),
            view.X ?? "point", $"{view.Stat} ({unit}), mean ± 95% CI", traces, CategoricalX: true);
    }

    private static int IndexOf(IReadOnlyList<string> values, string? value)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] == value)
            {
                return i;
            }
        }
        return int.MaxValue;
    }
}
