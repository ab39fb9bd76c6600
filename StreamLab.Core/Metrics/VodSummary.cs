using System.Globalization;
using StreamLab.Core.Raw;
using StreamLab.Core.Statistics;

namespace StreamLab.Core.Metrics;

/// <summary>
/// Summary metrics of chunked playback (the vod-chunks player, or any role writing the same events
/// and samples). Events count when T0 ≤ t &lt; T1, samples when T0 ≤ t ≤ T1 and not warm-up.
/// <c>startup_ms</c> is the exception: like <c>first_frame_ms</c> it runs from the player role's
/// start (its <c>process_start</c> event) and includes warm-up, because startup happens there.
/// </summary>
public static class VodSummary
{
    public const string PlayerRole = "player";
    public const string BufferSeries = "buffer_s";
    public const string NodeScoreSeries = "node_score";

    /// <summary>Adds the vod metrics when the record has playback events; a record without any gets none.</summary>
    public static void Add(Dictionary<string, double> summary, SummaryInput input)
    {
        var events = input.Raw.Events;
        if (!events.Any(e => e.Kind is "startup" or "chunk_done"))
        {
            return;
        }
        AddStartup(summary, events);
        var window = events.Where(e => e.TimeUs >= input.T0Us && e.TimeUs < input.T1Us).ToArray();
        summary["rebuffer_count"] = window.Count(e => e.Kind == "stall_start");
        summary["rebuffer_ms"] = StalledUs(events, input.T0Us, input.T1Us) / 1000.0;
        summary["failover_count"] = window.Count(e => e.Kind == "failover");

        var buffer = input.Raw.Samples
            .Where(s => s.Series == BufferSeries && !s.Warmup && s.TimeUs >= input.T0Us && s.TimeUs <= input.T1Us)
            .Select(s => s.Value)
            .ToArray();
        if (buffer.Length > 0)
        {
            summary["buffer_mean_s"] = buffer.Average();
            summary["buffer_min_s"] = buffer.Min();
        }
        AddChunks(summary, input, window);
    }

    private static void AddStartup(Dictionary<string, double> summary, IReadOnlyList<EventRow> events)
    {
        var start = events.Where(e => e.Kind == "process_start" && Detail(e, "role") == PlayerRole).Select(e => (long?)e.TimeUs).Min();
        var startup = events.Where(e => e.Kind == "startup").Select(e => (long?)e.TimeUs).Min();
        if (start is { } s && startup is { } u)
        {
            summary["startup_ms"] = (u - s) / 1000.0;
        }
    }

    /// <summary>Time stalled inside [T0, T1): each stall_start to the next stall_end (or T1), clipped to the window.</summary>
    public static long StalledUs(IReadOnlyList<EventRow> events, long t0Us, long t1Us)
    {
        var stalled = 0L;
        long? since = null;
        foreach (var e in events.Where(e => e.Kind is "stall_start" or "stall_end").OrderBy(e => e.TimeUs))
        {
            if (e.Kind == "stall_start")
            {
                since ??= e.TimeUs;
            }
            else if (since is { } s)
            {
                stalled += Overlap(s, e.TimeUs, t0Us, t1Us);
                since = null;
            }
        }
        if (since is { } open)
        {
            stalled += Overlap(open, t1Us, t0Us, t1Us);
        }
        return stalled;
    }

    private static long Overlap(long from, long to, long t0, long t1) => Math.Max(0, Math.Min(to, t1) - Math.Max(from, t0));

    private static void AddChunks(Dictionary<string, double> summary, SummaryInput input, EventRow[] window)
    {
        var chunks = window
            .Where(e => e.Kind == "chunk_done")
            .Select(e => (Node: Detail(e, "node"), Ms: Number(Detail(e, "ms")), Bytes: Number(Detail(e, "bytes"))))
            .Where(c => c.Node is not null && c.Ms is not null && c.Bytes is not null)
            .ToArray();
        if (chunks.Length == 0)
        {
            return;
        }
        var ms = chunks.Sum(c => c.Ms!.Value);
        if (ms > 0)
        {
            // Bits over the time spent downloading them: the rate the nodes delivered, not the playback bitrate.
            summary["throughput_mbps"] = chunks.Sum(c => c.Bytes!.Value) * 8 / (ms / 1000) / 1e6;
        }
        summary["chunk_ms_p95"] = Percentile.Of(chunks.Select(c => c.Ms!.Value), 95);

        // Every node the player scored gets a share, so an unused node shows 0 rather than nothing.
        var nodes = input.Raw.Samples
            .Select(s => SeriesKey.TryParse(s.Series, out _))
            .Where(k => k is { Name: NodeScoreSeries })
            .Select(k => k!.Labels.FirstOrDefault(l => l.Key == "node").Value)
            .OfType<string>()
            .Concat(chunks.Select(c => c.Node!))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            summary[$"node_share_{MetricSafe(node)}"] = 100.0 * chunks.Count(c => c.Node == node) / chunks.Length;
        }
    }

    /// <summary>The value of <c>key=value</c> in a space-separated event detail (<c>node=n1 ms=84.2 bytes=2000000</c>).</summary>
    public static string? Detail(EventRow e, string key)
    {
        if (e.Detail is null)
        {
            return null;
        }
        foreach (var part in e.Detail.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.Length > key.Length && part.StartsWith(key, StringComparison.Ordinal) && part[key.Length] == '=')
            {
                return part[(key.Length + 1)..];
            }
        }
        return null;
    }

    private static double? Number(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) && v >= 0 ? v : null;

    private static string MetricSafe(string name) =>
        new(name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
}
