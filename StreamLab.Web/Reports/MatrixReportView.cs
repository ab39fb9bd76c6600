using System.Text.Json.Serialization;
using StreamLab.Core.Metrics;
using StreamLab.Core.Statistics;
using StreamLab.Core.Storage;
using StreamLab.Web.Dashboard;

namespace StreamLab.Web.Reports;

/// <summary>
/// What the matrix explorer shows below its controls: the statistic per point with its CI, as charts (one panel per
/// facet, <see cref="MatrixChart"/>) and a table. <see cref="Chart"/> holds the single chart of reports saved before panels.
/// </summary>
public sealed record MatrixReportView(MatrixView Matrix, string Unit, ChartSpec? Chart, string SourceUrl, IReadOnlyList<ChartSpec>? Panels = null,
    string? Explanation = null) : IReportView
{
    public string Campaign => Matrix.Campaign ?? "";

    public string Title => Matrix.Stat is null ? $"Matrix of {Campaign}" : $"{Matrix.Stat} by {Matrix.X} — {Campaign}";

    [JsonIgnore]
    public IReadOnlyList<ChartSpec> Charts => Panels ?? (Chart is null ? [] : [Chart]);

    [JsonIgnore]
    public IReadOnlyList<ReportTable> Tables =>
    [
        new ReportTable("points",
            [.. Matrix.Axes.Select(a => a.Name), "point", "n", $"mean_{Unit}", $"ci95_{Unit}", $"stddev_{Unit}", $"min_{Unit}", $"max_{Unit}", "record_ids",
                $"value_{Unit}", "aggregation", $"detectable_{Unit}", "repetitions_for_5pct"],
            Matrix.Points.Select(p => (IReadOnlyList<string?>)
            [
                .. Matrix.Axes.Select(a => p.Params.GetValueOrDefault(a.Name)),
                p.PointKey, ReportTable.Cell(p.N), ReportTable.Cell(p.Mean), ReportTable.Cell(p.Ci95), ReportTable.Cell(p.StdDev),
                ReportTable.Cell(p.Min), ReportTable.Cell(p.Max), string.Join(' ', p.RecordIds),
                ReportTable.Cell(Matrix.ValueOf(p)), PointValue.Label(Matrix.Aggregation), ReportTable.Cell(p.Detectable),
                p.RepetitionsForEffect?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ]).ToList()),
    ];

    /// <summary>The explorer's view of a campaign's records; the same function builds the live page and the report.</summary>
    public static MatrixReportView Build(MatrixQuery query, IReadOnlyList<RecordView> records)
    {
        var view = MatrixExplorer.Build(query, records);
        var unit = view.Stat is null ? "" : MetricCatalogue.Describe(view.Stat).Unit;
        var panels = MatrixChart.Build(view, p => PointLink(query.Campaign, p));
        var source = Components.Pages.Matrix.Url(query.Campaign, view.Stat, view.X, view.Group ?? "", query.Filters);
        return new MatrixReportView(view, unit, null, source, panels, MatrixChart.Explanation(view));
    }

    public static string PointLink(string? campaign, PointStat p) =>
        $"/records?campaign={Uri.EscapeDataString(campaign ?? "")}&point={Uri.EscapeDataString(p.PointKey)}";

    /// <summary>From a <c>/matrix?campaign=…&amp;stat=…</c> URL, as the explorer would show it now.</summary>
    public static async Task<IReportView> FromSourceAsync(IServiceProvider services, Uri source, CancellationToken ct)
    {
        var one = ReportSourceQuery.Of(source, "/matrix", "matrix");
        var campaign = one("campaign") ?? throw new ReportSourceException("the /matrix URL names no campaign (campaign=…)");
        var store = services.GetRequiredService<IResultStore>();
        if (await store.FindCampaignAsync(campaign, ct) is null)
        {
            throw new ReportSourceException($"there is no campaign named '{campaign}'");
        }
        var filters = Components.Pages.Matrix.ParseFilters(source.ToString());
        var records = await store.ListRecordsAsync(campaign, ct);
        var matrixQuery = new MatrixQuery(campaign, one("stat"), one("x"), one("group"), filters);
        return Build(matrixQuery, records);
    }
}
