namespace StreamLab.Web.Dashboard.Compare;

/// <summary>What the compare page was asked for; every field comes from the URL (null = the default).</summary>
public sealed record CompareQuery(string? Campaign, string? Axis = null, string? Baseline = null, string? Candidate = null,
    string? Metric = null, string? Pair = null);

/// <summary>
/// Everything the compare report renders, as plain serializable data: the settings, one row per metric, the summary
/// sentences, the per-point table of one metric and the overlaid series of one pair. A frozen report is this as JSON.
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
    int RecordsUnpaired);

/// <summary>
/// One metric over every pair: means, change with its 95% bootstrap interval, p-value and verdict.
/// <see cref="Verdict"/> is one of <c>better</c>, <c>worse</c>, <c>different</c> (a metric without a direction),
/// <c>no significant difference</c>, <c>not enough data</c>.
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
    double? P,
    bool Significant,
    string Verdict);

/// <summary>One paired point: the other parameters' values and the chosen metric on both sides.</summary>
public sealed record ComparePairRow(
    string Key,
    IReadOnlyDictionary<string, string> Params,
    IReadOnlyList<long> BaselineRecords,
    IReadOnlyList<long> CandidateRecords,
    CompareMetricRow? Cell);

/// <summary>The time series of one baseline record and one candidate record of a pair, overlaid.</summary>
public sealed record ComparePairSeries(string Pair, long BaselineRecord, long CandidateRecord, IReadOnlyList<ChartSpec> Charts);
