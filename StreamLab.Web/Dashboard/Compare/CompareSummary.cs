using System.Globalization;
using StreamLab.Core.Statistics;

namespace StreamLab.Web.Dashboard.Compare;

/// <summary>Plain-language sentences built only from significant differences ("smart: 48% lower first_frame_ms, 2.6× fewer frames_lost").</summary>
public static class CompareSummary
{
    private static readonly HashSet<string> CountUnits = ["frames", "stalls", "gaps", "failovers"];

    public static IReadOnlyList<string> Sentences(string candidate, string baseline, IReadOnlyList<CompareMetricRow> rows)
    {
        var significant = rows.Where(r => r.Significant).ToList();
        if (significant.Count == 0)
        {
            var enough = rows.Any(r => r.Method != "none");
            return [enough
                ? $"No significant difference between {baseline} and {candidate} on any metric (a 95% interval of the change that excludes 0, i.e. p < {MeanDifference.Alpha}, required)."
                : $"Not enough data to compare {candidate} with {baseline}: run more repetitions (at least 2 per point on each side) or more points."];
        }
        var sentences = new List<string>();
        foreach (var verdict in new[] { "better", "worse", "different" })
        {
            var parts = significant.Where(r => r.Verdict == verdict).Select(Phrase).ToList();
            if (parts.Count > 0)
            {
                var head = verdict switch { "better" => $"{candidate}:", "worse" => $"{candidate} is worse:", _ => $"{candidate} differs:" };
                sentences.Add($"{head} {string.Join(", ", parts)} than {baseline}.");
            }
        }
        return sentences;
    }

    /// <summary>"48% lower first_frame_ms", "2.6× fewer frames_lost", or "frames_lost 0 → 12" when the baseline is 0.</summary>
    internal static string Phrase(CompareMetricRow row)
    {
        var up = row.Change > 0;
        var count = CountUnits.Contains(row.Unit);
        var word = (up, count) switch { (true, true) => "more", (true, false) => "higher", (false, true) => "fewer", _ => "lower" };
        if (row.Baseline == 0 || row.Candidate == 0)
        {
            // "100% fewer stalls" hides that there are none: say the values.
            return $"{row.Metric} {CompareFormat.Value(row, row.Baseline)} → {CompareFormat.Value(row, row.Candidate)}";
        }
        if (RelativeChange.Factor(row.Baseline, row.Candidate) is { } factor && factor >= 2)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{factor:0.0}× {word} {row.Metric}");
        }
        if (row.Relative is { } relative)
        {
            // Below 1% a whole-number percent reads "0% lower": keep two significant digits there.
            var percent = Math.Abs(relative) * 100;
            return string.Create(CultureInfo.InvariantCulture, $"{percent.ToString(percent < 1 ? "0.##" : "0", CultureInfo.InvariantCulture)}% {word} {row.Metric}");
        }
        return $"{row.Metric} {CompareFormat.Value(row, row.Baseline)} → {CompareFormat.Value(row, row.Candidate)}";
    }
}
