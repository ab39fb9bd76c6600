using StreamLab.Core.Metrics;
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
    /// Per-second rate between consecutive samples, placed at the later one, by the summaries' rule
    /// (<see cref="CounterIncrease.Steps"/>): a drop is a counter reset, counted from zero as Prometheus' <c>rate()</c> does.
    /// </summary>
    public static List<(long TimeUs, double Rate)> Rates(ReadOnlySpan<SampleRow> ordered) => CounterIncrease.Steps(ordered);
}
