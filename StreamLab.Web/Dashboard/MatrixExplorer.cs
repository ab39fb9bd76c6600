using System.Globalization;
using System.Text.Json.Serialization;
using StreamLab.Core.Metrics;
using StreamLab.Core.Statistics;
using StreamLab.Core.Storage;

namespace StreamLab.Web.Dashboard;

/// <summary>What the matrix explorer shows; every field comes from the URL.</summary>
public sealed record MatrixQuery(string? Campaign, string? Stat, string? X, string? Group, IReadOnlyDictionary<string, IReadOnlyList<string>> Filters);

/// <summary>A parameter of the campaign and every value its records took, in display order.</summary>
public sealed record ParamAxis(string Name, IReadOnlyList<string> Values);

/// <summary>
/// One matrix point's statistic over its succeeded repetitions (<see cref="PointValue"/>): mean, standard deviation,
/// <see cref="Ci95"/> the half-width of the 95% t interval of the mean (null for one repetition and for metrics the
/// catalogue aggregates by max, min or sum), and the smallest and largest value. <see cref="Detectable"/> is the smallest
/// change of the mean that as many repetitions again would detect (α = 0.05, power 0.8, <see cref="RepetitionPower"/>) and
/// <see cref="RepetitionsForEffect"/> the repetitions a side a change of <see cref="MatrixExplorer.EffectShare"/> of the
/// mean needs; both only for a mean of ≥ 2 repetitions (null in reports saved before them). <see cref="OutlierRecords"/> and
/// <see cref="Bimodal"/> flag what the mean hides (<see cref="RepetitionFlags"/>).
/// </summary>
public sealed record PointStat(string PointKey, IReadOnlyDictionary<string, string> Params, int N, double Mean, double? StdDev, double? Ci95,
    double Min, double Max, IReadOnlyList<long> RecordIds, double? Detectable = null, int? RepetitionsForEffect = null,
    IReadOnlyList<long>? OutlierRecords = null, bool Bimodal = false);

/// <summary>
/// The explorer's view: the choices offered and the points that match the filters. <see cref="Aggregation"/> is how the
/// statistic is reduced over repetitions (from the catalogue); <see cref="Facets"/> are the parameters that vary among the
/// points but are neither <see cref="X"/> nor <see cref="Group"/>: the chart has one panel per combination of their values,
/// so no two points share an x in one trace. Both default for reports saved before they existed.
/// </summary>
public sealed record MatrixView(string? Campaign, IReadOnlyList<string> Stats, string? Stat, IReadOnlyList<ParamAxis> Axes, string? X, string? Group,
    IReadOnlyList<PointStat> Points, int RecordsUsed, int RecordsNotSucceeded,
    [property: JsonConverter(typeof(JsonStringEnumConverter<Aggregation>))] Aggregation Aggregation = Aggregation.Mean,
    IReadOnlyList<string>? Facets = null)
{
    /// <summary>The value a point stands for: its mean, or its max/min/sum where the catalogue says so.</summary>
    public double ValueOf(PointStat point) => Aggregation switch
    {
        Aggregation.Max => point.Max,
        Aggregation.Min => point.Min,
        Aggregation.Sum => point.Mean * point.N,
        _ => point.Mean,
    };
}

/// <summary>The statistic per matrix point (<see cref="PointValue"/>: mean ± 95% t interval, or max/min), from stored summaries only.</summary>
public static class MatrixExplorer
{
    /// <summary>The effect the repetitions-needed column is for: 5% of the point's mean.</summary>
    public const double EffectShare = 0.05;

    public static MatrixView Build(MatrixQuery query, IReadOnlyList<RecordView> campaignRecords)
    {
        var succeeded = campaignRecords.Where(r => r.Status == RecordStatus.Succeeded).ToList();
        var stats = succeeded.SelectMany(r => r.Summary.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var stat = query.Stat is { } s && stats.Contains(s) ? s : HeadlineMetrics.LeadAmong(succeeded.Select(r => r.Summary), stats) ?? stats.FirstOrDefault();
        var axes = campaignRecords.SelectMany(r => r.Params).GroupBy(p => p.Key, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ParamAxis(g.Key, SortValues(g.Select(p => p.Value).Distinct(StringComparer.Ordinal)))).ToList();
        var varying = axes.Where(a => a.Values.Count > 1).Select(a => a.Name).ToList();
        var x = query.X is { } qx && axes.Any(a => a.Name == qx) ? qx : varying.FirstOrDefault() ?? axes.FirstOrDefault()?.Name;
        var group = query.Group is { } qg && qg != x && axes.Any(a => a.Name == qg) ? qg : query.Group is null ? varying.FirstOrDefault(v => v != x) : null;
        var metric = stat is null ? null : MetricCatalogue.Describe(stat);

        var kept = succeeded.Where(r => Matches(r, query.Filters)).ToList();
        var points = metric is null ? [] : kept
            .GroupBy(r => r.PointKey, StringComparer.Ordinal)
            .Select(g => Point(g.Key, g.ToList(), metric))
            .OfType<PointStat>()
            .ToList();
        // Table order follows the parameters' display order (numbers numerically: 5 before 20), not the key's text.
        foreach (var axis in Enumerable.Reverse(axes))
        {
            points = points.OrderBy(p => IndexOf(axis.Values, p.Params.GetValueOrDefault(axis.Name))).ToList();
        }
        var facets = axes.Select(a => a.Name)
            .Where(name => name != x && name != group && points.Select(p => p.Params.GetValueOrDefault(name)).Distinct(StringComparer.Ordinal).Count() > 1)
            .ToList();
        return new MatrixView(query.Campaign, stats, stat, axes, x, group, points, kept.Count, campaignRecords.Count - succeeded.Count,
            metric?.AcrossRepetitions ?? Aggregation.Mean, facets);
    }

    /// <summary>The succeeded records the filters keep: what the Reg and Heat views are computed over.</summary>
    public static IReadOnlyList<RecordView> Selected(MatrixQuery query, IReadOnlyList<RecordView> campaignRecords) =>
        campaignRecords.Where(r => r.Status == RecordStatus.Succeeded && Matches(r, query.Filters)).ToList();

    /// <summary>A filter keeps a record when the record's value is one of the chosen ones; a parameter without a filter keeps all.</summary>
    private static bool Matches(RecordView record, IReadOnlyDictionary<string, IReadOnlyList<string>> filters) =>
        filters.All(f => f.Value.Count == 0 || (record.Params.TryGetValue(f.Key, out var v) && f.Value.Contains(v)));

    private static PointStat? Point(string key, List<RecordView> records, MetricDescriptor metric)
    {
        var measured = records.Where(r => r.Summary.TryGetValue(metric.Name, out var v) && double.IsFinite(v)).ToList();
        var values = measured.Select(r => r.Summary[metric.Name]).ToList();
        if (PointValue.Of(metric, values) is not { } value)
        {
            return null;
        }
        var power = value.Aggregation == Aggregation.Mean ? RepetitionPower.Of(values) : null;
        var flags = RepetitionFlags.Of(values);
        return new PointStat(key, records[0].Params, value.N, value.Estimate.Mean, value.Estimate.StdDev, value.HalfWidth,
            value.Min, value.Max, records.Select(r => r.Id).ToList(), power?.DetectableChange, power?.RepetitionsForRelative(EffectShare),
            flags.Outliers.Select(i => measured[i].Id).ToList(), flags.Bimodal);
    }

    /// <summary>Numbers in numeric order when every value is a number, else ordinal.</summary>
    public static IReadOnlyList<string> SortValues(IEnumerable<string> values)
    {
        var list = values.ToList();
        return list.All(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            ? list.OrderBy(v => double.Parse(v, CultureInfo.InvariantCulture)).ToList()
            : list.Order(StringComparer.Ordinal).ToList();
    }

    internal static int IndexOf(IReadOnlyList<string> values, string? value)
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
