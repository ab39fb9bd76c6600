namespace StreamLab.Web.Cli;

/// <summary>Which metrics the CLI's tables show: live-stream ones, playback (vod) ones, or both for a mix.</summary>
internal static class HeadlineMetrics
{
    private static readonly string[] Live = ["fps_mean", "latency_p50_ms", "latency_p95_ms", "loss_pct"];
    private static readonly string[] Playback = ["startup_ms", "rebuffer_count", "buffer_mean_s", "throughput_mbps"];

    public static string[] For(IReadOnlyDictionary<string, double> summary) => IsPlayback(summary) ? Playback : Live;

    public static string[] For(IEnumerable<IReadOnlyDictionary<string, double>> summaries)
    {
        var kinds = summaries.Select(IsPlayback).Distinct().ToArray();
        return kinds.Length switch
        {
            0 => Live,
            1 => kinds[0] ? Playback : Live,
            _ => [.. Live, .. Playback],
        };
    }

    private static bool IsPlayback(IReadOnlyDictionary<string, double> summary) =>
        summary.ContainsKey("startup_ms") || summary.ContainsKey("rebuffer_count");
}
