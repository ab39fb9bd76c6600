using System.CommandLine;
using System.Globalization;
using StreamLab.Collectors.Stacks.Ffmpeg;
using StreamLab.Collectors.Stacks.LiveWs;
using StreamLab.Collectors.Stamps;

namespace StreamLab.Web.Cli;

/// <summary><c>streamlab sut ffmpeg-sender</c> and <c>ffmpeg-receiver</c>: the roles of the live-ffmpeg stack.</summary>
internal static class FfmpegSutCommands
{
    public const string ReadyLine = "live-ffmpeg receiver ready";
    private static readonly TimeSpan FlushEvery = TimeSpan.FromMilliseconds(200);

    /// <summary>The options both roles share: they must describe the same stream.</summary>
    private sealed class StreamOptions
    {
        public Option<int> Port { get; } = new("--port") { Description = "UDP port on 127.0.0.1 (the receiver listens, the sender sends)", Required = true };
        public Option<int> Fps { get; } = new("--fps") { Description = "Frames per second", DefaultValueFactory = _ => 30 };
        public Option<string> Resolution { get; } = new("--resolution") { Description = "WxH, 480p, 720p or 1080p", DefaultValueFactory = _ => "720p" };
        public Option<string> Content { get; } = new("--content") { Description = "static, scroll or noise", DefaultValueFactory = _ => "scroll" };
        public Option<int> Seed { get; } = new("--seed") { Description = "Seed of the synthetic content", DefaultValueFactory = _ => 1 };
        public Option<int> Bitrate { get; } = new("--bitrate-kbps") { Description = "x264 bitrate (kbit/s)", DefaultValueFactory = _ => 2000 };
        public Option<int> Keyframe { get; } = new("--keyframe-period") { Description = "Frames between I-frames", DefaultValueFactory = _ => 30 };
        public Option<string> RateControl { get; } = new("--rate-control") { Description = "cbr, vbr or crf", DefaultValueFactory = _ => "cbr" };
        public Option<string> Preset { get; } = new("--preset") { Description = "x264 preset", DefaultValueFactory = _ => "ultrafast" };
        public Option<string> Tune { get; } = new("--tune") { Description = "x264 tune, or none", DefaultValueFactory = _ => "zerolatency" };
        public Option<int> Crf { get; } = new("--crf") { Description = "x264 CRF for rate_control crf", DefaultValueFactory = _ => 23 };
        public Option<string> Transport { get; } = new("--transport") { Description = "udp (MPEG-TS) or srt", DefaultValueFactory = _ => "udp" };
        public Option<int> SrtLatency { get; } = new("--srt-latency-ms") { Description = "SRT receive latency (ms)", DefaultValueFactory = _ => 120 };
        public Option<string> Vstats { get; } = new("--vstats") { Description = "The sender's ffmpeg -vstats_file (per-frame size and type)", Required = true };

        public void AddTo(Command command)
        {
            foreach (var option in new Option[] { Port, Fps, Resolution, Content, Seed, Bitrate, Keyframe, RateControl, Preset, Tune, Crf, Transport, SrtLatency, Vstats })
            {
                command.Options.Add(option);
            }
        }

        public FfmpegStream Parse(ParseResult parse) => new(
            LiveWsStream.Parse(parse.GetValue(Fps), parse.GetRequiredValue(Resolution), parse.GetRequiredValue(Content), parse.GetValue(Seed)),
            X264Settings.Parse(parse.GetValue(Bitrate), parse.GetValue(Keyframe), parse.GetRequiredValue(RateControl), parse.GetRequiredValue(Preset),
                parse.GetRequiredValue(Tune), parse.GetValue(Crf)),
            FfmpegTransport.Parse(parse.GetRequiredValue(Transport), parse.GetValue(SrtLatency)));
    }

    public static Command SenderCommand(TextWriter output, TextWriter error)
    {
        var options = new StreamOptions();
        var command = new Command("ffmpeg-sender", "Pipes stamped synthetic frames into ffmpeg/libx264 and streams them");
        options.AddTo(command);
        command.SetAction((parse, ct) => SutCommand.RunRoleAsync(error, async stop =>
        {
            var stream = options.Parse(parse);
            await new FfmpegSender(stream, output).RunAsync(parse.GetValue(options.Port), parse.GetRequiredValue(options.Vstats), stop);
        }, ct));
        return command;
    }

    public static Command ReceiverCommand(TextWriter output, TextWriter error)
    {
        var options = new StreamOptions();
        var frames = new Option<string>("--frames") { Description = "frames.csv to write", Required = true };
        var samples = new Option<string>("--samples") { Description = "prom.tsv to write", Required = true };
        var events = new Option<string>("--events") { Description = "events.csv to write (vstats problems)", Required = true };
        var threads = new Option<string>("--decode-threads") { Description = "Decoder threads, or auto", DefaultValueFactory = _ => "auto" };
        var calibrate = new Option<double>("--calibrate-s") { Description = "Seconds of the latency-floor calibration run (0: none)", DefaultValueFactory = _ => 3 };
        var qualityEvery = SutCommand.QualityEvery();
        var command = new Command("ffmpeg-receiver", "Decodes the live-ffmpeg stream with ffmpeg and reads the frame stamps")
        {
            frames, samples, events, threads, calibrate, qualityEvery,
        };
        options.AddTo(command);
        command.SetAction((parse, ct) => SutCommand.RunRoleAsync(error, async stop =>
        {
            var stream = options.Parse(parse);
            var every = parse.GetValue(qualityEvery);
            NativeLibraries.EnsureLoaded(jpeg: false, quality: every > 0);
            var decodeThreads = parse.GetRequiredValue(threads);
            if (decodeThreads != "auto" && !(int.TryParse(decodeThreads, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 64))
            {
                throw new FormatException($"decode threads '{decodeThreads}' must be auto or 1..64");
            }
            await using var framesFile = new StreamWriter(parse.GetRequiredValue(frames));
            await using var samplesFile = new StreamWriter(parse.GetRequiredValue(samples));
            await using var eventsFile = new StreamWriter(parse.GetRequiredValue(events));
            await eventsFile.WriteLineAsync("wall_us,event,detail");
            double? floor = null;
            var seconds = parse.GetValue(calibrate);
            if (seconds > 0)
            {
                floor = await LatencyFloorCalibration.MeasureAsync(stream, decodeThreads, TimeSpan.FromSeconds(seconds), output, stop);
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"latency floor (loopback calibration): {floor:F1} ms"));
            }
            var vstats = new VstatsFollower(parse.GetRequiredValue(options.Vstats));
            var rows = new ReceivedFrameRows(stream.Picture.Width, stream.Picture.Height, framesFile, vstats);
            var port = parse.GetValue(options.Port);
            using var ending = CancellationTokenSource.CreateLinkedTokenSource(stop);
            var receiver = new FfmpegReceiver(stream, output, every);
            var receiving = Task.Run(() => receiver.RunAsync(port, decodeThreads, rows.Add, ending.Token), CancellationToken.None);
            await UdpPortWatch.WaitBoundAsync(port, TimeSpan.FromSeconds(10), stop);
            await output.WriteLineAsync(ReadyLine);
            var reported = 0;
            try
            {
                using var timer = new PeriodicTimer(FlushEvery);
                while (!receiving.IsCompleted && await timer.WaitForNextTickAsync(stop))
                {
                    rows.Flush();
                    reported = Report(rows, receiver, vstats, floor, samplesFile, eventsFile, reported);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
            await ending.CancelAsync();
            await receiving; // rethrows a receiver failure
            rows.Flush(final: true);
            Report(rows, receiver, vstats, floor, samplesFile, eventsFile, reported);
            await output.WriteLineAsync($"live-ffmpeg receiver: {rows.Rows} frames, {rows.StampFailures} unreadable stamps, {rows.RowsWithoutSize} without vstats size, {vstats.Malformed} malformed vstats lines");
        }, ct));
        return command;
    }

    private static int Report(ReceivedFrameRows rows, FfmpegReceiver receiver, VstatsFollower vstats, double? floor, TextWriter samples, TextWriter events, int reported)
    {
        var now = WallClock.NowUs();
        var inv = CultureInfo.InvariantCulture;
        if (floor is { } f)
        {
            samples.WriteLine(string.Create(inv, $"{now}\tlatency_floor_ms\t{f:F3}"));
        }
        samples.WriteLine(string.Create(inv, $"{now}\tkeyframes_received_total\t{rows.KeyframesReceived}"));
        samples.WriteLine(string.Create(inv, $"{now}\tstamp_fail_total\t{rows.StampFailures}"));
        samples.WriteLine(string.Create(inv, $"{now}\tvstats_malformed_total\t{vstats.Malformed}"));
        samples.WriteLine(string.Create(inv, $"{now}\tquality_skipped_total\t{receiver.QualitySkipped}"));
        samples.Flush();
        foreach (var problem in vstats.Problems.Skip(reported))
        {
            events.WriteLine(string.Create(inv, $"{now},input_error,\"{problem.Replace("\"", "\"\"", StringComparison.Ordinal)}\""));
        }
        events.Flush();
        return vstats.Problems.Count;
    }
}
