namespace StreamLab.Core.Metrics;

/// <summary>The one catalogue of summary metrics, used by the runner, the summaries, the UI and exports.</summary>
public static class MetricCatalogue
{
    private static readonly MetricDescriptor[] Fixed =
    [
        new("frames_received", "frames", "N0", Direction.HigherIsBetter, Aggregation.Mean, "Frames received inside the measurement window."),
        new("frames_expected", "frames", "N0", Direction.Neutral, Aggregation.Mean, "Frame-id span inside the window: last id − first id + 1."),
        new("frames_lost", "frames", "N0", Direction.LowerIsBetter, Aggregation.Mean, "Frame ids inside the id span that never arrived."),
        new("loss_pct", "%", "F2", Direction.LowerIsBetter, Aggregation.Mean, "frames_lost / frames_expected × 100."),
        new("gap_events", "gaps", "N0", Direction.LowerIsBetter, Aggregation.Mean, "Runs of consecutive missing frame ids (one gap may lose many frames)."),
        new("fps_mean", "fps", "F2", Direction.HigherIsBetter, Aggregation.Mean, "Frames received per second of measurement window."),
        new("latency_mean_ms", "ms", "F2", Direction.LowerIsBetter, Aggregation.Mean, "Mean of receive time − capture time (from the frame stamp)."),
        new("latency_p50_ms", "ms", "F2", Direction.LowerIsBetter, Aggregation.Mean, "Median per-frame latency."),
        new("latency_p95_ms", "ms", "F2", Direction.LowerIsBetter, Aggregation.Mean, "95th percentile of per-frame latency."),
        new("latency_p99_ms", "ms", "F2", Direction.LowerIsBetter, Aggregation.Mean, "99th percentile of per-frame latency."),
        new("latency_max_ms", "ms", "F2", Direction.LowerIsBetter, Aggregation.Max, "Largest per-frame latency."),
        new("latency_floor_ms", "ms", "F2", Direction.LowerIsBetter, Aggregation.Mean, "The receiver's fixed buffering floor: median latency of a short loopback calibration run without impairment (live-ffmpeg)."),
        new("jitter_ms", "ms", "F2", Direction.LowerIsBetter, Aggregation.Mean, "RFC 3550 interarrival jitter over frames in arrival order."),
        new("first_frame_ms", "ms", "F0", Direction.LowerIsBetter, Aggregation.Mean, "From the start of the role writing frames to its first frame (warm-up included)."),
        new("stall_count", "stalls", "N0", Direction.LowerIsBetter, Aggregation.Mean, "Arrival gaps longer than 3× the median interarrival time."),
        new("bandwidth_mbps", "Mbit/s", "F2", Direction.Neutral, Aggregation.Mean, "Received payload bits per second (when frame sizes are known)."),
        new("encode_ms_mean", "ms", "F2", Direction.LowerIsBetter, Aggregation.Mean, "Mean per-frame encode time reported by the sender."),
        new("decode_ms_mean", "ms", "F2", Direction.LowerIsBetter, Aggregation.Mean, "Mean per-frame decode time at the client."),
        new("frame_kb_mean", "kB", "F1", Direction.Neutral, Aggregation.Mean, "Mean encoded frame size, kB = 1000 bytes."),
        new("stamp_fail_pct", "%", "F2", Direction.LowerIsBetter, Aggregation.Mean, "Received frames whose stamp could not be read (counted, not lost), when the stack stamps frames."),
        new("psnr_mean_db", "dB", "F2", Direction.HigherIsBetter, Aggregation.Mean, "Mean luma PSNR of sampled frames against the rebuilt reference (identical = 100 dB cap)."),
        new("psnr_p5_db", "dB", "F2", Direction.HigherIsBetter, Aggregation.Mean, "5th percentile of per-frame luma PSNR (the bad tail)."),
        new("ssim_mean", "", "F4", Direction.HigherIsBetter, Aggregation.Mean, "Mean luma SSIM of sampled frames against the rebuilt reference (Wang et al. 2004: 11×11 Gaussian window, σ 1.5; 1 = identical)."),
        new("ssim_p5", "", "F4", Direction.HigherIsBetter, Aggregation.Mean, "5th percentile of per-frame luma SSIM (the bad tail)."),
        new("decode_fail_count", "frames", "N0", Direction.LowerIsBetter, Aggregation.Mean, "Frames received in the window that could not be decoded (corrupt JPEG, malformed message): never displayed, no frame row (decode_fail_total series)."),
        new("queue_depth_max", "frames", "N0", Direction.LowerIsBetter, Aggregation.Max, "Largest client receive-queue depth sampled in the window (queue_depth series)."),
        new("startup_ms", "ms", "F0", Direction.LowerIsBetter, Aggregation.Mean, "From the player role's start to playback start (buffer first at start_buffer_s; warm-up included)."),
        new("rebuffer_count", "stalls", "N0", Direction.LowerIsBetter, Aggregation.Mean, "Playback stalls (buffer ran dry after startup) starting in the window."),
        new("rebuffer_ms", "ms", "F0", Direction.LowerIsBetter, Aggregation.Mean, "Time stalled inside the window (a stall still open at T1 counts to T1)."),
        new("buffer_mean_s", "s", "F2", Direction.HigherIsBetter, Aggregation.Mean, "Mean sampled playback buffer (buffer_s series), seconds of video."),
        new("buffer_min_s", "s", "F2", Direction.HigherIsBetter, Aggregation.Min, "Smallest sampled playback buffer in the window."),
        new("throughput_mbps", "Mbit/s", "F2", Direction.HigherIsBetter, Aggregation.Mean, "Chunk bits over the time spent downloading them (chunk_done events in the window)."),
        new("failover_count", "failovers", "N0", Direction.Neutral, Aggregation.Mean, "Chunk requests the player moved to another node after an error or timeout."),
        new("chunk_ms_p95", "ms", "F1", Direction.LowerIsBetter, Aggregation.Mean, "95th percentile of chunk download time (request to last byte)."),
        new("sys_cpu_pct", "%", "F1", Direction.LowerIsBetter, Aggregation.Mean, "Mean whole-machine CPU, 100 = one core."),
        new("sys_mem_mb", "MB", "F0", Direction.LowerIsBetter, Aggregation.Mean, "Mean whole-machine used memory (MemTotal − MemAvailable)."),
    ];

    private static readonly (string Prefix, Func<string, MetricDescriptor> Make)[] PerRole =
    [
        ("cpu_pct_", role => new($"cpu_pct_{role}", "%", "F1", Direction.LowerIsBetter, Aggregation.Mean,
            $"Mean CPU of role '{role}' and its children, 100 = one core.")),
        ("rss_mb_", role => new($"rss_mb_{role}", "MB", "F1", Direction.LowerIsBetter, Aggregation.Max,
            $"Largest resident memory of role '{role}' and its children.")),
        ("node_share_", node => new($"node_share_{node}", "%", "F1", Direction.Neutral, Aggregation.Mean,
            $"Share of the window's chunks downloaded from storage node '{node}'.")),
    ];

    private static readonly Dictionary<string, MetricDescriptor> ByName = Fixed.ToDictionary(m => m.Name);

    /// <summary>Metrics whose name does not depend on the stack's roles.</summary>
    public static IReadOnlyList<MetricDescriptor> FixedMetrics => Fixed;

    /// <summary>The descriptor of a metric, including per-role ones like <c>cpu_pct_server</c>; null if unknown.</summary>
    public static MetricDescriptor? Find(string name)
    {
        if (ByName.TryGetValue(name, out var fixedMetric))
        {
            return fixedMetric;
        }
        foreach (var (prefix, make) in PerRole)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal) && name.Length > prefix.Length)
            {
                return make(name[prefix.Length..]);
            }
        }
        return null;
    }

    /// <summary>The descriptor, or a neutral one for metrics not in the catalogue (e.g. scraped counters).</summary>
    public static MetricDescriptor Describe(string name) =>
        Find(name) ?? new MetricDescriptor(name, "", "G4", Direction.Neutral, Aggregation.Mean, "Metric outside the catalogue.");
}
