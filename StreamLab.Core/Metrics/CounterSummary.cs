using System.Text;

namespace StreamLab.Core.Metrics;

/// <summary>
/// Summarises counters (scraped, from <c>samples:</c> files or imported prom.tsv) over the measurement window [T0, T1]:
/// <c>&lt;name&gt;_delta</c> is Prometheus' <c>increase()</c> over the window (<see cref="CounterIncrease"/>) from
/// the series' samples with T0 ≤ t ≤ T1 that are not warm-up, and <c>&lt;name&gt;_rate</c> is that over T1 − T0, as
/// <c>rate()</c>. A selector with labels sums every series that has those label values, as
/// <c>sum(increase(…))</c>; a series with fewer than two samples in the window adds nothing.
/// </summary>
public static class CounterSummary
{
    public static void Add(Dictionary<string, double> summary, SummaryInput input)
    {
        if (input.Counters.Count == 0)
        {
            return;
        }
        var windowSeconds = (input.T1Us - input.T0Us) / 1e6;
        var inWindow = input.Raw.Samples
            .Where(s => !s.Warmup && s.TimeUs >= input.T0Us && s.TimeUs <= input.T1Us && !double.IsNaN(s.Value))
            .GroupBy(s => s.Series, StringComparer.Ordinal)
            .ToArray();
        foreach (var text in input.Counters)
        {
            if (CounterSelector.TryParse(text, out _) is not { } selector)
            {
                continue;
            }
            var matched = inWindow.Where(g => selector.Matches(g.Key)).ToArray();
            if (matched.Length == 0)
            {
                continue; // never scraped: absent, not 0
            }
            var increases = matched.Select(g => CounterIncrease.Over(g.OrderBy(s => s.TimeUs).ToArray(), input.T0Us, input.T1Us))
                .OfType<double>().ToArray();
            if (increases.Length == 0)
            {
                continue; // fewer than two samples of every series: no increase to tell, absent
            }
            var delta = increases.Sum();
            summary[selector.MetricName + "_delta"] = delta;
            summary[selector.MetricName + "_rate"] = delta / windowSeconds;
        }
    }
}

/// <summary>A counter named in <c>collect.counters</c>: a metric name and label values a series must have.</summary>
public sealed class CounterSelector
{
    private CounterSelector(SeriesKey key)
    {
        Key = key;
        MetricName = NameOf(key);
    }

    public SeriesKey Key { get; }

    /// <summary>The summary metric's stem: the metric name, then <c>_label_value</c> per label, in <c>[a-z0-9_]</c>.</summary>
    public string MetricName { get; }

    public static CounterSelector? TryParse(string text, out string? problem) =>
        SeriesKey.TryParse(text.Trim(), out problem) is { } key ? new CounterSelector(key) : null;

    public bool Matches(string series)
    {
        if (!series.StartsWith(Key.Name, StringComparison.Ordinal)
            || (series.Length > Key.Name.Length && series[Key.Name.Length] != '{'))
        {
            return false;
        }
        if (Key.Labels.Count == 0)
        {
            return true;
        }
        if (SeriesKey.TryParse(series, out _) is not { } parsed)
        {
            return false;
        }
        return Key.Labels.All(want => parsed.Labels.Any(l => l.Key == want.Key && l.Value == want.Value));
    }

    private static string NameOf(SeriesKey key)
    {
        var name = new StringBuilder(key.Name.ToLowerInvariant());
        foreach (var (label, value) in key.Labels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            name.Append('_').Append(label.ToLowerInvariant()).Append('_').Append(value.ToLowerInvariant());
        }
        for (var i = 0; i < name.Length; i++)
        {
            if (!(char.IsAsciiLetterLower(name[i]) || char.IsAsciiDigit(name[i]))) name[i] = '_';
        }
        return name.ToString();
    }
}
