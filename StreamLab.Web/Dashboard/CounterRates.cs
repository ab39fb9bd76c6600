using StreamLab.Core.Raw;

namespace StreamLab.Web.Dashboard;

/// <summary>
/// Prometheus counters are plotted as per-second rates, gauges as values: a counter's raw value only ever climbs, so
/// its slope is what a person wants to see. A counter is told by its name, as Prometheus' conventions have it:
/// <c>_total</c>, and a histogram's or summary's <c>_count</c>, <c>_sum</c> and <c>_bucket</c>.
/// </summary>
public static class CounterRates
{
    private static readonly string[] Suffixes = ["_total", "_count", "_sum", "_bucket"];

    /// <summary>Whether the family (the series name without labels) is a counter.</summary>
    public static bool IsCounter(string family) => Suffixes.Any(s => family.EndsWith(s, StringComparison.Ordinal));

    /// <summary>
    /// Per-second increase between consecutive samples, placed at the later one. A drop is a counter reset: the
    /// increase is then the new value (counted from zero), as Prometheus' <c>rate()</c> treats it.
    /// </summary>
    public static List<(long TimeUs, double Rate)> Rates(IReadOnlyList<SampleRow> ordered)
    {
        var rates = new List<(long, double)>(Math.Max(0, ordered.Count - 1));
        for (var i = 1; i < ordered.Count; i++)
        {
            var dt = (ordered[i].TimeUs - ordered[i - 1].TimeUs) / 1e6;
            if (dt <= 0)
            {
                continue;
            }
            var delta = ordered[i].Value - ordered[i - 1].Value;
            rates.Add((ordered[i].TimeUs, (delta < 0 ? ordered[i].Value : delta) / dt));
        }
        return rates;
    }
}
