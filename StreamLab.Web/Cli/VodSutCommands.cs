using System.CommandLine;
using System.Globalization;
using StreamLab.Collectors.Stacks.Vod;
using StreamLab.Core.Campaigns;

namespace StreamLab.Web.Cli;

/// <summary><c>streamlab sut vod-nodes</c> and <c>vod-player</c>: the roles of the vod-chunks stack.</summary>
internal static class VodSutCommands
{
    private static Option<string> Ports() => new("--ports") { Description = "Comma-separated TCP ports on 127.0.0.1; node i uses the i-th", Required = true };
    private static Option<int> Nodes() => new("--nodes") { Description = "Node count when the mix names one profile", DefaultValueFactory = _ => 3 };
    private static Option<string> Mix() => new("--node-mix") { Description = "Profiles per node joined by '-', or one for all", DefaultValueFactory = _ => "fast" };
    private static Option<string> ChunkS() => new("--chunk-s") { Description = "Chunk duration in seconds", DefaultValueFactory = _ => "2" };
    private static Option<string> Bitrate() => new("--bitrate-mbps") { Description = "Video bitrate in Mbit/s", DefaultValueFactory = _ => "8" };
    private static Option<string> VideoS() => new("--video-s") { Description = "Video length in seconds", DefaultValueFactory = _ => "3600" };

    public static Command NodesCommand(TextWriter output, TextWriter error)
    {
        var (ports, nodes, mix, chunk, bitrate, video) = (Ports(), Nodes(), Mix(), ChunkS(), Bitrate(), VideoS());
        var profiles = new Option<string>("--profiles") { Description = "Node profiles: name:delay_ms=5,bandwidth_mbps=200,down=4s-9s;…", Required = true };
        var command = new Command("vod-nodes", "Storage nodes of the vod-chunks stack, one listener per node") { ports, nodes, mix, profiles, chunk, bitrate, video };
        command.SetAction((parse, ct) => SutCommand.RunRoleAsync(error, async stop =>
        {
            var known = NodeProfileSyntax.Parse(parse.GetRequiredValue(profiles));
            var perNode = NodeMix.Resolve(parse.GetRequiredValue(mix), parse.GetValue(nodes))
                .Select(name => known.TryGetValue(name, out var p) ? p : throw new FormatException($"unknown node profile '{name}'"))
                .ToArray();
            var server = new VodNodeServer(perNode, ParseVideo(parse, chunk, bitrate, video), output);
            await server.RunAsync(ParsePorts(parse.GetRequiredValue(ports), perNode.Length), stop);
        }, ct));
        return command;
    }

    public static Command PlayerCommand(TextWriter output, TextWriter error)
    {
        var (ports, nodes, mix, chunk, bitrate, video) = (Ports(), Nodes(), Mix(), ChunkS(), Bitrate(), VideoS());
        var scheduler = new Option<string>("--scheduler") { Description = "smart or naive", DefaultValueFactory = _ => "smart" };
        var startBuffer = new Option<string>("--start-buffer-s") { Description = "Buffer (s) to start and to resume after a stall", DefaultValueFactory = _ => "4" };
        var maxBuffer = new Option<string>("--max-buffer-s") { Description = "Most video (s) buffered or requested", DefaultValueFactory = _ => "24" };
        var events = new Option<string>("--events") { Description = "events.csv to write", Required = true };
        var samples = new Option<string>("--samples") { Description = "prom.tsv to write", Required = true };
        var command = new Command("vod-player", "Plays the vod-chunks video from the storage nodes")
        {
            ports, nodes, mix, scheduler, chunk, bitrate, video, startBuffer, maxBuffer, events, samples,
        };
        command.SetAction((parse, ct) => SutCommand.RunRoleAsync(error, async stop =>
        {
            var mode = parse.GetRequiredValue(scheduler) switch
            {
                "smart" => VodScheduler.Smart,
                "naive" => VodScheduler.Naive,
                var other => throw new FormatException($"scheduler '{other}' must be smart or naive"),
            };
            var count = NodeMix.Resolve(parse.GetRequiredValue(mix), parse.GetValue(nodes)).Count;
            var start = VodVideo.Positive("start_buffer_s", parse.GetRequiredValue(startBuffer));
            var max = VodVideo.Positive("max_buffer_s", parse.GetRequiredValue(maxBuffer));
            await using var eventsFile = new StreamWriter(parse.GetRequiredValue(events));
            await using var samplesFile = new StreamWriter(parse.GetRequiredValue(samples));
            using var player = new VodPlayer(ParseVideo(parse, chunk, bitrate, video), ParsePorts(parse.GetRequiredValue(ports), count), mode,
                start, max, new VodPlayerFiles(eventsFile, samplesFile));
            await output.WriteLineAsync($"vod player ({mode}) playing from {count} nodes");
            await player.RunAsync(stop);
        }, ct));
        return command;
    }

    private static VodVideo ParseVideo(ParseResult parse, Option<string> chunk, Option<string> bitrate, Option<string> video) =>
        VodVideo.Parse(parse.GetRequiredValue(chunk), parse.GetRequiredValue(bitrate), parse.GetRequiredValue(video));

    private static int[] ParsePorts(string text, int count)
    {
        var ports = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
                ? port
                : throw new FormatException($"'{p}' is not a TCP port"))
            .ToArray();
        return ports.Length >= count ? ports[..count] : throw new FormatException($"{count} nodes need {count} ports, got {ports.Length}");
    }
}
