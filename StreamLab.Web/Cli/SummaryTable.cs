using StreamLab.Core.Campaigns;
using StreamLab.Core.Metrics;
using StreamLab.Core.Running;
using StreamLab.Core.Storage;

namespace StreamLab.Web.Cli;

/// <summary>The end-of-run table: per point, records by status and the mean of the headline metrics.</summary>
internal static class SummaryTable
{
    public static void Print(Campaign campaign, CampaignRunResult result, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"campaign {campaign.Name}: {result.Count(RecordStatus.Succeeded)} succeeded, {result.Count(RecordStatus.Failed)} failed, " +
                         $"{result.Count(RecordStatus.Cancelled)} cancelled, {result.Skipped} skipped (already succeeded)" +
                         (result.Cancelled ? " — run cancelled; run again to resume" : ""));
        if (result.Outcomes.Count == 0)
        {
            return;
        }
        string[] columns = [.. HeadlineMetrics.For(result.Outcomes.Select(o => o.Summary)), "first_frame_ms"];
        var shown = columns.Where(c => result.Outcomes.Any(o => o.Summary.ContainsKey(c))).ToArray();
        var rows = result.Outcomes.GroupBy(o => o.PointKey).Select(g =>
        {
            var ok = g.Where(o => o.Status == RecordStatus.Succeeded).ToArray();
            var cells = shown.Select(c =>
            {
                var values = ok.Where(o => o.Summary.ContainsKey(c)).Select(o => o.Summary[c]).ToArray();
                return values.Length == 0 ? "-" : MetricCatalogue.Describe(c).FormatValue(values.Average());
            });
            return new[] { Format.Point(g.Key), $"{ok.Length}/{g.Count()}" }.Concat(cells).ToArray();
        }).ToList();
        TextTable.Write(output, ["point", "ok"], shown, rows);
    }
}

/// <summary>A plain aligned text table.</summary>
internal static class TextTable
{
    public static void Write(TextWriter output, string[] leftColumns, string[] rightColumns, IReadOnlyList<string[]> rows)
    {
        var header = leftColumns.Concat(rightColumns).ToArray();
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        string Line(string[] cells) => string.Join("  ", cells.Select((c, i) =>
            i < leftColumns.Length ? c.PadRight(widths[i]) : c.PadLeft(widths[i]))).TrimEnd();
        output.WriteLine(Line(header));
        foreach (var row in rows)
        {
            output.WriteLine(Line(row));
        }
    }
}
