using System.Text.Json.Serialization;
using StreamLab.Web.Reports;

namespace StreamLab.Web.Dashboard.Compare;

/// <summary>What the compare page was asked for; every field comes from the URL (null = the default).</summary>
public sealed record CompareQuery(string? Campaign, string? Axis = null, string? Baseline = null, string? Candidate = null,
    string? Metric = null, string? Pair = null);

/// <summary>
/// Everything the compare report renders, as plain serializable data: the settings, one row per metric, the summary
/// sentences, the per-point table of one metric and the overlaid series of one pair. A frozen report is this as JSON.
/// <see cref="HostWarnings"/>: pairs whose records ran on different host fingerprints (machine, kernel, CPU, cores, memory,
/// tool versions), so a difference may be the machine's.
/// </summary>
public sealed record CompareView(
    string Campaign,
    IReadOnlyList<ParamAxis> Axes,
    string Axis,
    string Baseline,
    string Candidate,
    string? Metric,
    string? Pair,
    IReadOnlyList<CompareMetricRow> Metrics,
    IReadOnlyList<string> Summary,
    IReadOnlyList<ComparePairRow> Pairs,
    ComparePairSeries? Series,
    int RecordsUsed,
    int RecordsUnpaired,
    IReadOnlyList<string>? HostWarnings = null) : IReportView
{
    public string Title => $"{Candidate} vs {Baseline} along {Axis} — {Campaign}";

    public string SourceUrl => Components.Pages.Compare.Url(new CompareQuery(Campaign, Axis, Baseline, Candidate, Metric, Pair));

    [JsonIgnore]
    public IReadOnlyList<ChartSpec> Charts => Series?.Charts ?? [];

    /// <summary>A report saved before t intervals (no df on any interval): its CIs are the old percentile bootstrap's.</summary>
    [JsonIgnore]
    public bool SavedWithBootstrapIntervals => Metrics.Any(m => m.CiLow is not null && m.Df is null);

    /// <summary>The verdict per metric (what <c>data.csv</c> gives), then the per-point table of the chosen metric.</summary>
    [JsonIgnore]
    public IReadOnlyList<ReportTable> Tables =>
    [
        new ReportTable("metrics",
            ["metric", "unit", "direction", $"{Baseline}_mean", $"{Candidate}_mean", "change", "relative", "ci95_low", "ci95_high", "df", "p", "n_baseline", "n_candidate", "pairs", "replicates", "verdict", "repetitions_for_5pct"],
            Metrics.Select(m => (IReadOnlyList<string?>)
            [
                m.Metric, m.Unit, m.Direction, ReportTable.Cell(m.Baseline), ReportTable.Cell(m.Candidate), ReportTable.Cell(m.Change),
                ReportTable.Cell(m.Relative), ReportTable.Cell(m.CiLow), ReportTable.Cell(m.CiHigh), ReportTable.Cell(m.Df), ReportTable.Cell(m.P),
                ReportTable.Cell(m.BaselineN), ReportTable.Cell(m.CandidateN), ReportTable.Cell(m.Pairs), m.Method, m.Verdict,
                m.RepetitionsForEffect?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ]).ToList()),
        new ReportTable("pairs",
            ["pair", "metric", "baseline_records", "candidate_records", $"{Baseline}_mean", $"{Candidate}_mean", "change", "ci95_low", "ci95_high", "df", "p", "verdict"],
            Pairs.Select(p => (IReadOnlyList<string?>)
            [
                p.Key, Metric, string.Join(' ', p.BaselineRecords), string.Join(' ', p.CandidateRecords),
                ReportTable.Cell(p.Cell?.Baseline), ReportTable.Cell(p.Cell?.Candidate), ReportTable.Cell(p.Cell?.Change),
                ReportTable.Cell(p.Cell?.CiLow), ReportTable.Cell(p.Cell?.CiHigh), ReportTable.Cell(p.Cell?.Df), ReportTable.Cell(p.Cell?.P), p.Cell?.Verdict,
            ]).ToList()),
    ];

    /// <summary>From a <c>/compare?campaign=…</c> URL, as the page would show it now.</summary>
    public static async Task<IReportView> FromSourceAsync(IServiceProvider services, Uri source, CancellationToken ct)
    {
        var one = ReportSourceQuery.Of(source, "/compare", "compare");
        try
        {
            return await services.GetRequiredService<CompareService>().BuildAsync(
                new CompareQuery(one("campaign"), one("axis"), one("baseline"), one("candidate"), one("metric"), one("pair")), ct: ct);
        }
        catch (ViewProblem problem)
        {
            throw new ReportSourceException(problem.Message);
        }
    }
}

/// <summary>
/// One metric over every pair: means, change with its 95% t interval on <see cref="Df"/> degrees of freedom, the p-value of
/// the same t and df (so "the interval excludes 0" and "p &lt; 0.05" are one statement), and the verdict.
/// <see cref="Verdict"/> is one of <c>better</c>, <c>worse</c>, <c>different</c> (a metric without a direction),
/// <c>no significant difference</c>, <c>not enough data</c>. <see cref="RepetitionsForEffect"/>: repetitions per point a
/// side to tell a change of 5% of the baseline mean apart (α = 0.05, power 0.8) with the points' pooled spread; null
/// without spread to estimate it from (and in reports saved before it).
/// </summary>
public sealed record CompareMetricRow(
    string Metric,
    string Unit,
    string Format,
    string Direction,
    string Description,
    string Method,
    int Pairs,
    int BaselineN,
    int CandidateN,
    double Baseline,
    double Candidate,
    double Change,
    double? Relative,
    double? CiLow,
    double? CiHigh,
    double? Df,
    double? P,
    bool Significant,
    string Verdict,
    int? RepetitionsForEffect = null);

/// <summary>One paired point: the other parameters' values and the chosen metric on both sides.</summary>
public sealed record ComparePairRow(
    string Key,
    IReadOnlyDictionary<string, string> Params,
    IReadOnlyList<long> BaselineRecords,
    IReadOnlyList<long> CandidateRecords,
    CompareMetricRow? Cell);

/// <summary>The time series of one baseline record and one candidate record of a pair, overlaid.</summary>
public sealed record ComparePairSeries(string Pair, long BaselineRecord, long CandidateRecord, IReadOnlyList<ChartSpec> Charts);
