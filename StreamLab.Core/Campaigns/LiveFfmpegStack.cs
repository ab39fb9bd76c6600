namespace StreamLab.Core.Campaigns;

/// <summary>
/// The live-ffmpeg stack: StreamLab pipes stamped frames into ffmpeg/libx264, which streams MPEG-TS
/// over UDP or SRT to a second ffmpeg that decodes; StreamLab reads the stamps. The receiver is the
/// first role, so with <c>net_*</c> parameters the sender's <c>{port}</c> is the impairment relay.
/// </summary>
public static class LiveFfmpegStack
{
    public const string Name = "live-ffmpeg";

    private static readonly string[] StreamArgs =
    [
        "--port", "{port}", "--fps", "{fps}", "--resolution", "{resolution}", "--content", "{content}", "--seed", "{seed}",
        "--bitrate-kbps", "{bitrate_kbps}", "--keyframe-period", "{keyframe_period}", "--rate-control", "{rate_control}",
        "--preset", "{preset}", "--tune", "{tune}", "--crf", "{crf}", "--transport", "{transport}", "--srt-latency-ms", "{srt_latency_ms}",
        "--vstats", "{record_dir}/vstats.log",
    ];

    public static BuiltInStack Definition { get; } = new(
        Name,
        [
            new RoleSpec
            {
                Name = "receiver",
                Command = ["streamlab", "sut", "ffmpeg-receiver", .. StreamArgs, "--decode-threads", "{decode_threads}", "--calibrate-s", "{calibrate_s}",
                    "--quality-every", "{quality_every}",
                    "--frames", "{record_dir}/frames.csv", "--samples", "{record_dir}/prom.tsv", "--events", "{record_dir}/events.csv"],
                // The latency-floor calibration runs before the receiver is ready.
                Ready = new ReadySpec(ReadyKind.Log, "live-ffmpeg receiver ready", TimeSpan.FromSeconds(40)),
                Frames = "{record_dir}/frames.csv",
                Samples = "{record_dir}/prom.tsv",
                Events = "{record_dir}/events.csv",
            },
            new RoleSpec
            {
                Name = "sender",
                Command = ["streamlab", "sut", "ffmpeg-sender", .. StreamArgs],
            },
        ],
        new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["fps"] = "30",
            ["resolution"] = "720p",
            ["content"] = "scroll",
            ["seed"] = "1",
            ["bitrate_kbps"] = "2000",
            ["keyframe_period"] = "30",
            ["rate_control"] = "cbr",
            ["preset"] = "ultrafast",
            ["tune"] = "zerolatency",
            ["crf"] = "23",
            ["transport"] = "udp",
            ["srt_latency_ms"] = "120",
            ["decode_threads"] = "auto",
            ["calibrate_s"] = "3",
            ["quality_every"] = "10",
        });
}
