using System.CommandLine;
using System.Runtime.InteropServices;
using StreamLab.Collectors.Stacks.Ffmpeg;
using StreamLab.Collectors.Quality;
using StreamLab.Collectors.Stacks.LiveWs;
using StreamLab.Collectors.Stamps;

namespace StreamLab.Web.Cli;

/// <summary><c>streamlab sut …</c>: the roles of the built-in stacks, started by the runner as child processes.</summary>
internal static class SutCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        return new Command("sut", "Roles of the built-in stacks (systems under test)")
        {
            LiveWsServerCommand(output, error),
            LiveWsClientCommand(output, error),
            VodSutCommands.NodesCommand(output, error),
            VodSutCommands.PlayerCommand(output, error),
            FfmpegSutCommands.SenderCommand(output, error),
            FfmpegSutCommands.ReceiverCommand(output, error),
        };
    }

    private static Option<int> Port() => new("--port") { Description = "TCP port on 127.0.0.1", Required = true };
    private static Option<int> Fps() => new("--fps") { Description = "Frames per second", DefaultValueFactory = _ => 30 };
    private static Option<string> Resolution() => new("--resolution") { Description = "WxH, 480p, 720p or 1080p", DefaultValueFactory = _ => "720p" };
    private static Option<string> Content() => new("--content") { Description = "static, scroll or noise", DefaultValueFactory = _ => "scroll" };
    private static Option<int> Seed() => new("--seed") { Description = "Seed of the synthetic content", DefaultValueFactory = _ => 1 };

    /// <summary>How often received frames are measured against their source (PSNR, SSIM); shared by both video stacks' receivers.</summary>
    internal static Option<int> QualityEvery() => new("--quality-every")
    {
        Description = "Measure PSNR and SSIM on every Nth frame id (0: off)",
        DefaultValueFactory = _ => QualityMeter.DefaultEvery,
    };

    private static Command LiveWsServerCommand(TextWriter output, TextWriter error)
    {
        var (port, fps, resolution, content, seed) = (Port(), Fps(), Resolution(), Content(), Seed());
        var quality = new Option<string>("--jpeg-quality") { Description = "1..100 or adaptive", DefaultValueFactory = _ => "adaptive" };
        var samples = new Option<string?>("--samples") { Description = "prom.tsv to write (frames_skipped_total)" };
        var command = new Command("live-ws-server", "WebSocket server of stamped synthetic JPEG frames") { port, fps, resolution, quality, content, seed, samples };
        command.SetAction((parse, ct) => RunRoleAsync(error, async stop =>
        {
            var stream = LiveWsStream.Parse(parse.GetValue(fps), parse.GetRequiredValue(resolution), parse.GetRequiredValue(content), parse.GetValue(seed));
            await using var samplesFile = parse.GetValue(samples) is { } path ? new StreamWriter(path) : null;
            await new LiveWsServer(stream, parse.GetRequiredValue(quality), output, samplesFile).RunAsync(parse.GetValue(port), stop);
        }, ct));
        return command;
    }

    private static Command LiveWsClientCommand(TextWriter output, TextWriter error)
    {
        var (port, fps, resolution, content, seed) = (Port(), Fps(), Resolution(), Content(), Seed());
        var mode = new Option<string>("--mode") { Description = "smart or naive", DefaultValueFactory = _ => "smart" };
        var queueSize = new Option<int>("--queue-size") { Description = "Smart client's receive queue bound", DefaultValueFactory = _ => 50 };
        var frames = new Option<string>("--frames") { Description = "frames.csv to write", Required = true };
        var samples = new Option<string>("--samples") { Description = "prom.tsv to write (queue depth, stamp mismatches)", Required = true };
        var qualityEvery = QualityEvery();
        var command = new Command("live-ws-client", "Receives, decodes and measures the live-ws stream")
        {
            port, mode, queueSize, fps, resolution, content, seed, frames, samples, qualityEvery,
        };
        command.SetAction((parse, ct) => RunRoleAsync(error, async stop =>
        {
            var stream = LiveWsStream.Parse(parse.GetValue(fps), parse.GetRequiredValue(resolution), parse.GetRequiredValue(content), parse.GetValue(seed));
            var clientMode = parse.GetRequiredValue(mode) switch
            {
                "smart" => ClientMode.Smart,
                "naive" => ClientMode.Naive,
                var other => throw new FormatException($"client mode '{other}' must be smart or naive"),
            };
            var size = parse.GetValue(queueSize);
            if (size < 1)
            {
                throw new FormatException($"queue size {size} must be at least 1");
            }
            await using var framesFile = new StreamWriter(parse.GetRequiredValue(frames));
            await using var samplesFile = new StreamWriter(parse.GetRequiredValue(samples));
            var every = parse.GetValue(qualityEvery);
            NativeLibraries.EnsureLoaded(jpeg: true, quality: every > 0);
            await new LiveWsClient(stream, clientMode, size, framesFile, samplesFile, output, every).RunAsync(parse.GetValue(port), stop);
        }, ct));
        return command;
    }

    /// <summary>Runs a role until it ends or SIGTERM/SIGINT, which stop it cleanly (files flushed, exit 0).</summary>
    internal static async Task<int> RunRoleAsync(TextWriter error, Func<CancellationToken, Task> role, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
        try
        {
            await role(stop.Token);
            return 0;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return 0;
        }
        catch (Exception e) when (e is FormatException or ToolMissingException)
        {
            await error.WriteLineAsync($"error: {e.Message}");
            return StreamLabCli.InvalidInput;
        }
    }
}
