namespace StreamLab.Core.Metrics;

/// <summary>What a stack streams, which decides the metrics that headline its records.</summary>
public enum StreamKind
{
    /// <summary>A live stream of frames (live-ws, live-ffmpeg, most external stacks): frame rate, latency, loss.</summary>
    Live,

    /// <summary>Chunked playback (vod-chunks, or any stack whose player reports startup and rebuffers): no frames, so no fps.</summary>
    Playback,
}

/// <summary>
/// Which metrics headline a record, decided here once for the CLI's tables, the records grid, the matrix explorer's and
/// compare's opening metric and the targets presets. A record's kind is read from what its stack measured: a playback
/// stack's summary has startup, rebuffer, buffer or chunk metrics, a live stack's never does.
/// </summary>
public static class HeadlineMetrics
{
    private static readonly string[] LiveMetrics = ["fps_mean", "latency_p50_ms", "latency_p95_ms", "loss_pct"];
    private static readonly string[] PlaybackMetrics = ["startup_ms", "rebuffer_count", "buffer_mean_s", "throughput_mbps"];
    private static readonly string[] PlaybackOnly = [.. PlaybackMetrics, "rebuffer_ms", "buffer_min_s", "chunk_ms_p95", "failover_count"];

    /// <summary>Shown right after latency_p95_ms when a record has it (live-ffmpeg), so latency is read against the floor.</summary>
    private const string Floor = "latency_floor_ms";

    static HeadlineMetrics()
    {
        var unknown = LiveMetrics.Concat(PlaybackOnly).Append(Floor).Where(m => MetricCatalogue.Find(m) is null).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidOperationException($"headline metrics missing from the catalogue: {string.Join(", ", unknown)}");
        }
    }

    public static StreamKind KindOf(IReadOnlyDictionary<string, double> summary) =>
        PlaybackOnly.Any(summary.ContainsKey) ? StreamKind.Playback : StreamKind.Live;

    /// <summary>
    /// The kinds among records, live first; records with an empty summary (failed before measuring anything) say nothing,
    /// so a failed playback record does not add live columns. No evidence at all reads as live.
    /// </summary>
    public static IReadOnlyList<StreamKind> KindsOf(IEnumerable<IReadOnlyDictionary<string, double>> summaries)
    {
        var kinds = summaries.Where(s => s.Count > 0).Select(KindOf).Distinct().Order().ToList();
        return kinds.Count == 0 ? [StreamKind.Live] : kinds;
    }

    /// <summary>The headline metrics of a kind, in display order.</summary>
    public static IReadOnlyList<string> Of(StreamKind kind) => kind == StreamKind.Playback ? PlaybackMetrics : LiveMetrics;

    /// <summary>One record's headline metrics (with the latency floor when it has one).</summary>
    public static IReadOnlyList<string> For(IReadOnlyDictionary<string, double> summary) => For([summary]);

    /// <summary>Columns for a list of records: each kind's metrics (both for a mix), the latency floor when any record has it.</summary>
    public static IReadOnlyList<string> For(IEnumerable<IReadOnlyDictionary<string, double>> summaries)
    {
        var all = summaries.ToList();
        var columns = KindsOf(all).SelectMany(Of).ToList();
        var at = columns.IndexOf("latency_p95_ms");
        if (at >= 0 && all.Any(s => s.ContainsKey(Floor)))
        {
            columns.Insert(at + 1, Floor);
        }
        return columns;
    }

    /// <summary>The one metric a view opens with when none is asked for: a live stream's p95 latency, a playback's startup time.</summary>
    public static string Lead(StreamKind kind) => kind == StreamKind.Playback ? "startup_ms" : "latency_p95_ms";

    /// <summary>
    /// The opening metric among <paramref name="available"/> for these records: the lead of their kind, else any other
    /// headline metric they have, else null (the caller picks its own fallback).
    /// </summary>
    public static string? LeadAmong(IEnumerable<IReadOnlyDictionary<string, double>> summaries, IReadOnlyCollection<string> available)
    {
        var all = summaries.ToList();
        return KindsOf(all).Select(Lead).Concat(For(all)).FirstOrDefault(available.Contains);
    }
}
