using StreamLab.Core.Raw;

namespace StreamLab.Core.Metrics;

/// <summary>
/// The increase of one counter series over a time range, as Prometheus' <c>increase()</c> computes it; <c>rate()</c>
/// is that increase over the range's length. The one rule for every counter figure: scraped counters, <c>samples:</c>
/// files and imported prom.tsv (<see cref="CounterSummary"/>) and the record viewer's per-second rates.
/// </summary>
/// <remarks>
/// A port of <c>extrapolatedRate</c> for float counters, prometheus/prometheus promql/functions.go (main at d15adb9,
/// the branch after <c>if len(samples.Floats) &gt; 0</c> and from "Duration between first/last samples and boundary of
/// range" to the factor), without the start-timestamp (created timestamp) path, which needs data scrapes do not give:
/// <list type="number">
/// <item>the samples in the range, at least two; a value below the one before it is a reset: the increase then adds
/// the value before the reset (the counter is taken to have restarted from 0);</item>
/// <item>the average gap between them; an edge is extrapolated to the range's boundary when the first (last) sample is
/// less than 1.1 average gaps from it, otherwise by half an average gap only (the series began or ended inside);</item>
/// <item>at the start, never past the point where the line through the samples reaches 0 (counters are not
/// negative): extrapolation reaches back at most <c>sampled × first / increase</c>.</item>
/// </list>
/// Prometheus ≥ 3.0 leaves a sample exactly on the range's start out; here the range is closed, [start, end], like
/// Prometheus 2.x and the summary window. The zero cut-off follows the fix of Prometheus 2.51 (commit 7f912db:
/// it only ever shortens extrapolation); Debian 12's Prometheus 2.42 extrapolates further in one corner, when the
/// first sample is over 1.1 gaps from the start and the zero point is nearer than that but past half a gap.
/// </remarks>
public static class CounterIncrease
{
    private const double EdgeTolerance = 1.1;

    /// <summary>
    /// The extrapolated increase over [<paramref name="startUs"/>, <paramref name="endUs"/>] of one series whose
    /// samples in that range are <paramref name="ordered"/> (ascending time); null with fewer than two samples.
    /// </summary>
    public static double? Over(ReadOnlySpan<SampleRow> ordered, long startUs, long endUs)
    {
        if (ordered.Length < 2)
        {
            return null;
        }
        var first = ordered[0];
        var last = ordered[^1];
        var increase = last.Value - first.Value;
        for (var i = 1; i < ordered.Length; i++)
        {
            if (ordered[i].Value < ordered[i - 1].Value)
            {
                increase += ordered[i - 1].Value;
            }
        }

        var sampled = (last.TimeUs - first.TimeUs) / 1e6;
        var averageGap = sampled / (ordered.Length - 1);
        var threshold = averageGap * EdgeTolerance;
        var toStart = (first.TimeUs - startUs) / 1e6;
        var toEnd = (endUs - last.TimeUs) / 1e6;
        if (toStart >= threshold)
        {
            toStart = averageGap / 2;
        }
        if (increase > 0 && first.Value >= 0)
        {
            toStart = Math.Min(toStart, sampled * (first.Value / increase));
        }
        if (toEnd >= threshold)
        {
            toEnd = averageGap / 2;
        }
        return sampled == 0 ? increase : increase * (sampled + toStart + toEnd) / sampled;
    }

    /// <summary>
    /// Per-second rate between consecutive samples, placed at the later one: <see cref="Over"/> each gap, whose two
    /// samples sit on its edges, so a rise is just the difference and a drop (a reset) counts from zero.
    /// </summary>
    public static List<(long TimeUs, double Rate)> Steps(ReadOnlySpan<SampleRow> ordered)
    {
        var rates = new List<(long, double)>(Math.Max(0, ordered.Length - 1));
        for (var i = 1; i < ordered.Length; i++)
        {
            var (from, to) = (ordered[i - 1].TimeUs, ordered[i].TimeUs);
            if (to > from && Over(ordered.Slice(i - 1, 2), from, to) is { } increase)
            {
                rates.Add((to, increase / ((to - from) / 1e6)));
            }
        }
        return rates;
    }
}
