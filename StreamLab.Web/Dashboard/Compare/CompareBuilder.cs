using StreamLab.Core.Campaigns;
using StreamLab.Core.Metrics;
using StreamLab.Core.Statistics;
using StreamLab.Core.Storage;

namespace StreamLab.Web.Dashboard.Compare;

/// <summary>
/// Pairs the succeeded records of a campaign that share every parameter but the axis, and compares the candidate
/// value with the baseline per metric (<see cref="MeanDifference"/>: Welch's t interval and test, one t for both).
/// </summary>
public static class CompareBuilder
{
    public static CompareView Build(CompareQuery query, CompareSpec? defaults, IReadOnlyList<RecordView> campaignRecords)
    {
        var campaign = query.Campaign ?? throw new ViewProblem(400, "No campaign", "Name a campaign: ?campaign=NAME.");
        var axes = campaignRecords.SelectMany(r => r.Params).GroupBy(p => p.Key, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ParamAxis(g.Key, MatrixExplorer.SortValues(g.Select(p => p.Value).Distinct(StringComparer.Ordinal)))).ToList();
        var varying = axes.Where(a => a.Values.Count > 1).ToList();
        if (varying.Count == 0)
        {
            throw new ViewProblem(400, "Nothing to compare",
                $"Campaign '{campaign}' has no parameter with two or more values among its records, so there is no axis to compare along.");
        }
        var axisName = query.Axis ?? defaults?.Axis ?? varying[0].Name;
        var axis = axes.FirstOrDefault(a => a.Name == axisName) ?? throw new ViewProblem(400, "Unknown axis",
            $"'{axisName}' is not a parameter of campaign '{campaign}'; its parameters with two or more values: {string.Join(", ", varying.Select(a => a.Name))}.");
        if (axis.Values.Count < 2)
        {
            throw new ViewProblem(400, "Axis has one value",
                $"Parameter '{axis.Name}' of campaign '{campaign}' has only the value '{axis.Values[0]}'; pick one of: {string.Join(", ", varying.Select(a => a.Name))}.");
        }
        var fromSpec = defaults is not null && defaults.Axis == axis.Name;
        var baseline = query.Baseline ?? (fromSpec ? defaults!.Baseline : axis.Values[0]);
        var candidate = query.Candidate ?? (fromSpec ? defaults!.Candidate : axis.Values.First(v => v != baseline));
        foreach (var (role, value) in new[] { ("baseline", baseline), ("candidate", candidate) })
        {
            if (!axis.Values.Contains(value))
            {
                throw new ViewProblem(400, $"Unknown {role} value",
                    $"{role} '{value}' is not a value of '{axis.Name}' in campaign '{campaign}'; its values: {string.Join(", ", axis.Values)}.");
            }
        }
        if (baseline == candidate)
        {
            throw new ViewProblem(400, "Same value twice", $"baseline and candidate are both '{baseline}': pick two different values of '{axis.Name}'.");
        }

        var succeeded = campaignRecords.Where(r => r.Status == RecordStatus.Succeeded && r.Params.TryGetValue(axis.Name, out var v) && (v == baseline || v == candidate)).ToList();
        // Only parameters that vary name a pair: fixed ones are the same on every record anyway.
        var varyingNames = varying.Select(a => a.Name).Where(n => n != axis.Name).ToHashSet(StringComparer.Ordinal);
        var groups = succeeded.GroupBy(r => OtherKey(r.Params, varyingNames), StringComparer.Ordinal)
            .Select(g => new Pairing(g.Key, Others(g.First().Params, varyingNames),
                g.Where(r => r.Params[axis.Name] == baseline).OrderBy(r => r.Repetition).ToList(),
                g.Where(r => r.Params[axis.Name] == candidate).OrderBy(r => r.Repetition).ToList()))
            .ToList();
        var pairs = groups.Where(p => p.Baseline.Count > 0 && p.Candidate.Count > 0).OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        var used = pairs.Sum(p => p.Baseline.Count + p.Candidate.Count);

        var metricNames = pairs.SelectMany(p => p.Baseline.Concat(p.Candidate)).SelectMany(r => r.Summary.Keys).Distinct(StringComparer.Ordinal)
            .OrderBy(CatalogueOrder).ThenBy(m => m, StringComparer.Ordinal).ToList();
        var rows = metricNames.Select(m => Row(m, pairs)).OfType<CompareMetricRow>().ToList();
        var metric = query.Metric is { } qm && rows.Any(r => r.Metric == qm) ? qm : DefaultMetric(rows, campaignRecords);
        var pairRows = pairs.Select(p => new ComparePairRow(p.Key, p.Params, p.Baseline.Select(r => r.Id).ToList(), p.Candidate.Select(r => r.Id).ToList(),
            metric is null ? null : Row(metric, [p]))).ToList();
        var pair = query.Pair is { } qp && pairs.Any(p => p.Key == qp) ? qp : pairs.FirstOrDefault()?.Key;
        return new CompareView(campaign, axes, axis.Name, baseline, candidate, metric, pair, rows, CompareSummary.Sentences(candidate, baseline, rows),
            pairRows, null, used, succeeded.Count - used, HostWarnings(pairs));
    }

    private const int MaxHostWarnings = 5;

    /// <summary>One line per pair whose records ran on more than one host fingerprint (at most five, then a count).</summary>
    private static List<string> HostWarnings(IReadOnlyList<Pairing> pairs)
    {
        var mixed = pairs.Select(p => (p.Key, Hosts: p.Baseline.Concat(p.Candidate).Select(r => Fingerprint(r.Host)).Distinct(StringComparer.Ordinal).ToList()))
            .Where(p => p.Hosts.Count > 1).ToList();
        var lines = mixed.Take(MaxHostWarnings)
            .Select(p => $"{(p.Key.Length == 0 ? "the pair" : p.Key)}: its records ran on {p.Hosts.Count} different hosts ({string.Join(" | ", p.Hosts)})").ToList();
        if (mixed.Count > MaxHostWarnings)
        {
            lines.Add($"and {mixed.Count - MaxHostWarnings} more pair(s) on mixed hosts");
        }
        return lines;
    }

    private static string Fingerprint(HostFingerprint? host) => host is null
        ? "host not recorded"
        : $"{host.Hostname}, {host.CpuModel}, {host.CoreCount} cores, {host.MemoryMb} MB, kernel {host.Kernel}" +
          string.Concat(host.ToolVersions.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $", {t.Key} {t.Value}"));

    private sealed record Pairing(string Key, IReadOnlyDictionary<string, string> Params, List<RecordView> Baseline, List<RecordView> Candidate);

    private static CompareMetricRow? Row(string metric, IReadOnlyList<Pairing> pairs)
    {
        var strata = pairs.Select(p => ((IReadOnlyList<double>)Values(p.Baseline, metric), (IReadOnlyList<double>)Values(p.Candidate, metric)))
            .Where(s => s.Item1.Count > 0 && s.Item2.Count > 0).ToList();
        if (strata.Count == 0)
        {
            return null;
        }
        var d = MeanDifference.Of(strata);
        var descriptor = MetricCatalogue.Describe(metric);
        return new CompareMetricRow(metric, descriptor.Unit, descriptor.Format, descriptor.Direction.ToString(), descriptor.Description,
            Method(d.Method), d.Pairs, d.BaselineN, d.CandidateN, d.Baseline, d.Candidate, d.Change, d.Relative, d.CiLow, d.CiHigh, d.Df, d.P,
            d.Significant, Verdict(d, descriptor.Direction), RepetitionsFor(strata, d.Baseline));
    }

    /// <summary>
    /// Repetitions per point a side for a 5% change of <paramref name="baseline"/>, from the spread pooled over every
    /// side of every pair with ≥ 2 values (Σ(n−1)s² / Σ(n−1)): the points differ in level, not necessarily in noise.
    /// </summary>
    private static int? RepetitionsFor(IReadOnlyList<(IReadOnlyList<double> Baseline, IReadOnlyList<double> Candidate)> strata, double baseline)
    {
        double squares = 0;
        var df = 0;
        foreach (var side in strata.SelectMany(s => new[] { s.Baseline, s.Candidate }).Where(v => v.Count >= 2))
        {
            var sd = MeanEstimate.SampleStdDev(side, side.Average());
            squares += (side.Count - 1) * sd * sd;
            df += side.Count - 1;
        }
        if (df == 0 || baseline == 0 || !double.IsFinite(baseline))
        {
            return null;
        }
        var pooled = Math.Sqrt(squares / df);
        return new RepetitionPower(df + 1, baseline, pooled, RepetitionPower.Detectable(pooled, 2)).RepetitionsForRelative(MatrixExplorer.EffectShare);
    }

    private static List<double> Values(IEnumerable<RecordView> records, string metric) =>
        records.Where(r => r.Summary.TryGetValue(metric, out var v) && double.IsFinite(v)).Select(r => r.Summary[metric]).ToList();

    internal static string Verdict(MeanDifference d, Direction direction) => d switch
    {
        { Method: DifferenceMethod.NotEnoughData } => "not enough data",
        { Significant: false } => "no significant difference",
        _ when direction == Direction.Neutral => "different",
        _ when (d.Change < 0) == (direction == Direction.LowerIsBetter) => "better",
        _ => "worse",
    };

    private static string Method(DifferenceMethod method) => method switch
    {
        DifferenceMethod.WithinPoints => "repetitions",
        DifferenceMethod.AcrossPoints => "points",
        _ => "none",
    };

    /// <summary>The first significant metric with a direction, else the records' headline lead (<see cref="HeadlineMetrics"/>), else the first.</summary>
    private static string? DefaultMetric(IReadOnlyList<CompareMetricRow> rows, IReadOnlyList<RecordView> records) =>
        rows.FirstOrDefault(r => r.Significant && r.Direction != nameof(Direction.Neutral))?.Metric
        ?? HeadlineMetrics.LeadAmong(records.Select(r => r.Summary), rows.Select(r => r.Metric).ToHashSet(StringComparer.Ordinal))
        ?? rows.FirstOrDefault()?.Metric;

    private static int CatalogueOrder(string metric)
    {
        var list = MetricCatalogue.FixedMetrics;
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i].Name == metric)
            {
                return i;
            }
        }
        return list.Count;
    }

    /// <summary>The other varying parameters as a canonical key (<c>name=value</c> sorted by name, joined with <c>_</c>); "" when there are none.</summary>
    internal static string OtherKey(IReadOnlyDictionary<string, string> parameters, IReadOnlySet<string> names) =>
        string.Join('_', parameters.Where(p => names.Contains(p.Key)).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));

    private static Dictionary<string, string> Others(IReadOnlyDictionary<string, string> parameters, IReadOnlySet<string> names) =>
        parameters.Where(p => names.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
}
