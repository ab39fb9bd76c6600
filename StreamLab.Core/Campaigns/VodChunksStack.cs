namespace StreamLab.Core.Campaigns;

/// <summary>The vod-chunks stack: storage nodes with their own network conditions and a smart or naive chunk player.</summary>
public static class VodChunksStack
{
    public const string Name = "vod-chunks";

    /// <summary>The parameter the campaign's <c>profiles:</c> (plus the defaults below) is passed in; set by the loader, not by hand.</summary>
    public const string ProfilesParam = "node_profiles";

    private const string Ports = "{port},{port2},{port3},{port4},{port5},{port6},{port7},{port8},{port9}";

    /// <summary>Profiles every vod-chunks campaign has; its own <c>profiles:</c> adds to them or replaces one by name.</summary>
    public static IReadOnlyList<NodeProfile> DefaultProfiles { get; } =
    [
        new("fast", 5, 200, []),
        new("slow", 80, 20, []),
        new("flaky", 10, 100, [new DownWindow(TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(9))]),
    ];

    public static BuiltInStack Definition { get; } = new(
        Name,
        [
            new RoleSpec
            {
                // One process serving every node on its own port: the role list is static while the node
                // count is a parameter, and one /metrics (on any node's port) can then report all nodes.
                Name = "nodes",
                Command = ["streamlab", "sut", "vod-nodes", "--ports", Ports, "--nodes", "{nodes}", "--node-mix", "{node_mix}",
                    "--profiles", "{" + ProfilesParam + "}", "--chunk-s", "{chunk_s}", "--bitrate-mbps", "{bitrate_mbps}", "--video-s", "{video_s}"],
                Ready = new ReadySpec(ReadyKind.Log, "vod nodes ready", TimeSpan.FromSeconds(20)),
                Prometheus = ["http://127.0.0.1:{port}/metrics"],
            },
            new RoleSpec
            {
                Name = "player",
                Command = ["streamlab", "sut", "vod-player", "--ports", Ports, "--nodes", "{nodes}", "--node-mix", "{node_mix}",
                    "--scheduler", "{scheduler}", "--chunk-s", "{chunk_s}", "--bitrate-mbps", "{bitrate_mbps}", "--video-s", "{video_s}",
                    "--start-buffer-s", "{start_buffer_s}", "--max-buffer-s", "{max_buffer_s}",
                    "--events", "{record_dir}/events.csv", "--samples", "{record_dir}/prom.tsv"],
                Events = "{record_dir}/events.csv",
                Samples = "{record_dir}/prom.tsv",
            },
        ],
        new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["nodes"] = "3",
            ["node_mix"] = "fast",
            ["scheduler"] = "smart",
            ["chunk_s"] = "2",
            ["bitrate_mbps"] = "8",
            ["video_s"] = "3600",
            ["start_buffer_s"] = "4",
            ["max_buffer_s"] = "24",
        });
}
