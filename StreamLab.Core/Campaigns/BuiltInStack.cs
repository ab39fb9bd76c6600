namespace StreamLab.Core.Campaigns;

/// <summary>A stack StreamLab ships: role templates (commands of StreamLab's own executable) and default parameters.</summary>
public sealed record BuiltInStack(string Name, IReadOnlyList<RoleSpec> Roles, IReadOnlyDictionary<string, string> DefaultParams);

/// <summary>The live-ws stack: a WebSocket server of stamped JPEG frames and a smart or naive client.</summary>
public static class LiveWsStack
{
    public const string Name = "live-ws";

    public static BuiltInStack Definition { get; } = new(
        Name,
        [
            new RoleSpec
            {
                Name = "server",
                Command = ["streamlab", "sut", "live-ws-server", "--port", "{port}", "--fps", "{fps}", "--resolution", "{resolution}",
                    "--jpeg-quality", "{jpeg_quality}", "--content", "{content}", "--seed", "{seed}", "--samples", "{record_dir}/server.tsv"],
                Ready = new ReadySpec(ReadyKind.Tcp, "127.0.0.1:{port}", TimeSpan.FromSeconds(20)),
                Samples = "{record_dir}/server.tsv",
            },
            new RoleSpec
            {
                Name = "client",
                Command = ["streamlab", "sut", "live-ws-client", "--port", "{port}", "--mode", "{client_mode}", "--queue-size", "{queue_size}",
                    "--fps", "{fps}", "--resolution", "{resolution}", "--content", "{content}", "--seed", "{seed}",
                    "--frames", "{record_dir}/frames.csv", "--samples", "{record_dir}/prom.tsv", "--quality-every", "{quality_every}"],
                Frames = "{record_dir}/frames.csv",
                Samples = "{record_dir}/prom.tsv",
            },
        ],
        new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["fps"] = "30",
            ["resolution"] = "720p",
            ["jpeg_quality"] = "adaptive",
            ["content"] = "scroll",
            ["client_mode"] = "smart",
            ["queue_size"] = "50",
            ["seed"] = "1",
            ["quality_every"] = "10",
        });
}
