using System.Globalization;
using System.Text.Json.Serialization;
using StreamLab.Core.Metrics;
using StreamLab.Web.Reports;

namespace StreamLab.Web.Dashboard.Targets;

/// <summary>
/// Everything the targets report renders, as plain serializable data: which targets (version), the pass/fail grid of
/// matrix points × targets with the measured value in each cell, the pass rate, and the cheapest point meeting all.
/// </summary>
public sealed record TargetsView(
    string Campaign,
    int Version,
    IReadOnlyList<int> Versions,
    IReadOnlyList<string> Targets,
    IReadOnlyList<string> Parameters,
    IReadOnlyList<TargetsPointRow> Points,
    int CellsPassed,
    int CellsJudged,
    int PointsMeetingAll,
    string? Cost,
    string? Cheapest,
    [property: JsonConverter(typeof(JsonStringEnumConverter<StreamKind>))] StreamKind Kind = StreamKind.Live) : IReportView
{
    public string Title => $"Targets (version {Version}) — {Campaign}";

    public string SourceUrl => Components.Pages.Targets.Url(Campaign, Version.ToString(CultureInfo.InvariantCulture));

    [JsonIgnore]
    public IReadOnlyList<ChartSpec> Charts => [];

    /// <summary>One row per point: its parameters, then each target's measured value and verdict.</summary>
    [JsonIgnore]
    public IReadOnlyList<ReportTable> Tables =>
    [
        new ReportTable("grid",
            [.. Parameters, "point", "n", .. Targets.SelectMany(t => new[] { $"{t} value", $"{t} status", $"{t} ci95_low", $"{t} ci95_high" }), "meets_all",
                .. (Cost is null ? Array.Empty<string>() : [$"cost_{Cost}"])],
            Points.Select(p => (IReadOnlyList<string?>)
            [
                .. Parameters.Select(name => p.Params.GetValueOrDefault(name)), p.PointKey, ReportTable.Cell(p.N),
                .. p.Cells.SelectMany(c => new[] { ReportTable.Cell(c.Value), c.Status, ReportTable.Cell(c.CiLow), ReportTable.Cell(c.CiHigh) }),
                p.MeetsAll ? "yes" : "no", .. (Cost is null ? Array.Empty<string?>() : [ReportTable.Cell(p.Cost)]),
            ]).ToList()),
    ];

    /// <summary>From a <c>/targets?campaign=…&amp;version=…</c> URL.</summary>
    public static async Task<IReportView> FromSourceAsync(IServiceProvider services, Uri source, CancellationToken ct)
    {
        var one = ReportSourceQuery.Of(source, "/targets", "targets");
        try
        {
            return await services.GetRequiredService<TargetsService>().BuildAsync(one("campaign"), one("version"), ct);
        }
        catch (ViewProblem problem)
        {
            throw new ReportSourceException(problem.Message);
        }
    }

    /// <summary>Passed cells over cells with a measured value; null when nothing could be judged.</summary>
    public double? PassRate => CellsJudged == 0 ? null : (double)CellsPassed / CellsJudged;
}

/// <summary>One matrix point: its parameters, succeeded repetitions, one cell per target, and its cost when the campaign names one.</summary>
public sealed record TargetsPointRow(string PointKey, IReadOnlyDictionary<string, string> Params, int N, IReadOnlyList<TargetCell> Cells, bool MeetsAll, double? Cost);

/// <summary>
/// A point's value of the target's metric (aggregated over repetitions as the catalogue says) and whether it meets it:
/// <see cref="Status"/> is <c>pass</c>, <c>fail</c> or <c>no data</c>. A mean of two or more repetitions also has its 95%
/// t interval (<see cref="StreamLab.Core.Statistics.PointValue"/>); the verdict is on the value, the interval says how firm it is.
/// </summary>
public sealed record TargetCell(string Target, string Metric, double? Value, string Shown, string Status, double? CiLow = null, double? CiHigh = null)
{
    /// <summary>The interval as "± half-width" in the metric's format; null without one.</summary>
    public string? ShownInterval => CiLow is { } lo && CiHigh is { } hi
        ? "± " + StreamLab.Core.Metrics.MetricCatalogue.Describe(Metric).FormatValue((hi - lo) / 2)
        : null;
}

/// <summary>Ready-made target sets a person adds with one click, one per <see cref="StreamKind"/>.</summary>
public static class TargetPresets
{
    public static readonly IReadOnlyList<(StreamKind Kind, string Name, IReadOnlyList<string> Targets)> All =
    [
        (StreamKind.Live, "live streaming", ["fps_mean >= 18", "first_frame_ms < 3000"]),
        (StreamKind.Playback, "chunked playback", ["startup_ms < 2000", "rebuffer_count <= 1", "buffer_mean_s > 20", "throughput_mbps > 40"]),
    ];

    /// <summary>Every preset, the one for the campaign's kind first.</summary>
    public static IEnumerable<(StreamKind Kind, string Name, IReadOnlyList<string> Targets)> For(StreamKind kind) =>
        All.OrderBy(p => p.Kind != kind);
}
