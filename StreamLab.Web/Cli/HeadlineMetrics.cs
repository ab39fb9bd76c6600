namespace StreamLab.Web.Cli;

/// <summary>Which metrics the CLI's tables show: live-stream ones, playback (vod) ones, or both for a mix.</summary>
internal static class HeadlineMetrics
{
    private static readonly string[] Live = ["fps_mean", "latency_p50_ms", "latency_p95_ms", "loss_pct"];
    private static readonly string[] Playback = ["startup_ms", "rebuffer_count", "buffer_mean_s", "throughput_mbps"];

    /// <summary>Shown after latency_p95_ms when a record has it (live-ffmpeg), so latency is read against the floor.</summary>
    private const string Floor = "latency_floor_ms";

    public static string[] For(IReadOnlyDictionary<string, double> summary) =>
        IsPlayback(summary) ? Playback : summary.ContainsKey(Floor) ? WithFloor(Live) : Live;

    public static string[] For(IEnumerable<IReadOnlyDictionary<string, double>> summaries)
    {
        var all = summaries.ToArray();
        var kinds = all.Select(IsPlayback).Distinct().ToArray();
        string[] columns = kinds.Length switch
        {
            0 => Live,
            1 => kinds[0] ? Playback : Live,
            _ => [.. Live, .. Playback],
        };
        return all.Any(s => s.ContainsKey(Floor)) ? WithFloor(columns) : columns;
    }

    private static string[] WithFloor(string[] columns)
    {
        var at = Array.IndexOf(columns, "latency_p95_ms");
        return at < 0 ? columns : [.. columns[..(at + 1)], Floor, .. columns[(at + 1)..]];
    }

    private static bool IsPlayback(IReadOnlyDictionary<string, double> summary) =>
        summary.ContainsKey("startup_ms") || summary.ContainsKey("rebuffer_count");
}
