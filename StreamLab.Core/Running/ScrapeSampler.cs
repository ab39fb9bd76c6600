using System.Collections.Concurrent;
using StreamLab.Core.Diagnostics;
using StreamLab.Core.Raw;

namespace StreamLab.Core.Running;

/// <summary>
/// Scrapes a record's Prometheus endpoints at each sample: every series becomes a sample at the
/// sample's time. Errors and skipped lines become <c>scrape_error</c> events, at most one per
/// endpoint every <see cref="ErrorEventInterval"/> (with how many were held back), so a dead
/// endpoint cannot flood the record. Nothing here ever fails the record.
/// </summary>
internal sealed class ScrapeSampler(long recordId, IMetricsScraper scraper, IRawSink writer)
{
    public static readonly TimeSpan ErrorEventInterval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ShortestTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestTimeout = TimeSpan.FromSeconds(2);

    private readonly List<(string Role, string Url)> _endpoints = [];
    private readonly ConcurrentDictionary<string, (long LastUs, int HeldBack)> _errors = new(StringComparer.Ordinal);

    public void Add(string role, IEnumerable<string> urls) => _endpoints.AddRange(urls.Select(u => (role, u)));

    public Task SampleAsync(long timeUs, bool warmup, TimeSpan interval, CancellationToken ct)
    {
        if (_endpoints.Count == 0)
        {
            return Task.CompletedTask;
        }
        // A loaded machine can make a small endpoint answer in over 250 ms; a late sample beats a lost one,
        // and the runner's schedule catches up after a slow scrape.
        var timeout = interval < ShortestTimeout ? ShortestTimeout : interval > LongestTimeout ? LongestTimeout : interval;
        return Task.WhenAll(_endpoints.Select(e => ScrapeOneAsync(e.Role, e.Url, timeUs, warmup, timeout, ct)));
    }

    private async Task ScrapeOneAsync(string role, string url, long timeUs, bool warmup, TimeSpan timeout, CancellationToken ct)
    {
        var result = await scraper.ScrapeAsync(url, timeout, ct);
        foreach (var (series, value) in result.Series)
        {
            // SQLite stores NaN as NULL, which samples.value refuses; a NaN (e.g. a summary quantile
            // with no observations yet) means "no value now", so it is not stored.
            if (double.IsNaN(value)) continue;
            writer.Add(new SampleRow(recordId, series, timeUs, value, warmup));
        }
        var reason = result.Error
            ?? (result.SkippedLines.Count > 0 ? $"{url}: {result.SkippedCount} line(s) skipped, first: {result.SkippedLines[0]}" : null);
        if (reason is null)
        {
            return;
        }
        StreamLabMetrics.ScrapeFailed(role);
        var (lastUs, heldBack) = _errors.GetValueOrDefault(url, (long.MinValue, 0));
        if (lastUs != long.MinValue && timeUs - lastUs < ErrorEventInterval.Ticks / 10)
        {
            _errors[url] = (lastUs, heldBack + 1);
            return;
        }
        var suffix = heldBack > 0 ? $" ({heldBack} more since the last report)" : "";
        writer.Add(new EventRow(recordId, timeUs, "scrape_error", $"role={role} {reason}{suffix}"));
        _errors[url] = (timeUs, 0);
    }
}
