using System.Globalization;
using StreamLab.Core.Campaigns;
using StreamLab.Core.Metrics;
using StreamLab.Core.Statistics;
using StreamLab.Core.Storage;

namespace StreamLab.Web.Dashboard.Targets;

/// <summary>Judges every matrix point of a campaign (its succeeded records) against a set of targets.</summary>
public static class TargetsBuilder
{
    public static TargetsView Build(string campaign, int version, IReadOnlyList<int> versions, IReadOnlyList<TargetSpec> targets, string? cost,
        IReadOnlyList<RecordView> records)
    {
        var succeeded = records.Where(r => r.Status == RecordStatus.Succeeded).ToList();
        var parameters = succeeded.SelectMany(r => r.Params).GroupBy(p => p.Key, StringComparer.Ordinal)
            .Where(g => g.Select(p => p.Value).Distinct(StringComparer.Ordinal).Count() > 1).Select(g => g.Key).Order(StringComparer.Ordinal).ToList();
        var points = succeeded.GroupBy(r => r.PointKey, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Point(g.Key, g.ToList(), targets, cost)).ToList();
        var cheapest = cost is null ? null : points.Where(p => p.MeetsAll && p.Cost is not null).OrderBy(p => p.Cost).FirstOrDefault()?.PointKey;
        var cells = points.SelectMany(p => p.Cells).Where(c => c.Status != "no data").ToList();
        return new TargetsView(campaign, version, versions, targets.Select(t => t.Text).ToList(), parameters, points,
            cells.Count(c => c.Status == "pass"), cells.Count, points.Count(p => p.MeetsAll), cost, cheapest,
            HeadlineMetrics.KindsOf(records.Select(r => r.Summary))[0]);
    }

    private static TargetsPointRow Point(string key, List<RecordView> records, IReadOnlyList<TargetSpec> targets, string? cost)
    {
        var cells = targets.Select(t => Cell(t, records)).ToList();
        double? costValue = cost is not null && records[0].Params.TryGetValue(cost, out var c)
            && double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
        return new TargetsPointRow(key, records[0].Params, records.Count, cells, cells.Count > 0 && cells.All(x => x.Status == "pass"), costValue);
    }

    private static TargetCell Cell(TargetSpec target, List<RecordView> records)
    {
        var descriptor = MetricCatalogue.Describe(target.Metric);
        var values = records.Where(r => r.Summary.ContainsKey(target.Metric)).Select(r => r.Summary[target.Metric]).ToList();
        if (PointValue.Of(descriptor, values) is not { } point)
        {
            return new TargetCell(target.Text, target.Metric, null, "—", "no data");
        }
        var value = point.Value;
        return new TargetCell(target.Text, target.Metric, value, descriptor.FormatValue(value), Meets(target, value) ? "pass" : "fail",
            point.CiLow, point.CiHigh);
    }

    public static bool Meets(TargetSpec target, double value) => target.Op switch
    {
        TargetOp.Less => value < target.Value,
        TargetOp.LessOrEqual => value <= target.Value,
        TargetOp.Greater => value > target.Value,
        TargetOp.GreaterOrEqual => value >= target.Value,
        _ => value == target.Value,
    };

    /// <summary>Parses target lines (blank lines skipped); every error names its line.</summary>
    public static (List<TargetSpec> Targets, List<string> Errors) Parse(IEnumerable<string> lines)
    {
        var targets = new List<TargetSpec>();
        var errors = new List<string>();
        var n = 0;
        foreach (var line in lines)
        {
            n++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            if (TargetSyntax.TryParse(line, out var error) is { } target)
            {
                targets.Add(target);
            }
            else
            {
                errors.Add($"line {n}: {error}");
            }
        }
        return (targets, errors);
    }
}
