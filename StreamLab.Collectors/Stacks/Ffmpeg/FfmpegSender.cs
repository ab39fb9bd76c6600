using System.Diagnostics;
using System.Globalization;
using StreamLab.Collectors.Stacks.LiveWs;
using StreamLab.Collectors.Stamps;

namespace StreamLab.Collectors.Stacks.Ffmpeg;

/// <summary>
/// The live-ffmpeg sender: renders the live-ws synthetic frames with their QR stamp on an absolute
/// schedule (frame n at start + n/fps) and pipes them as raw grey frames into ffmpeg/libx264, which
/// streams MPEG-TS to the receiver. Frames are never skipped, so the n-th frame piped is frame id n
/// and also line n of ffmpeg's <c>-vstats_file</c> (per-frame size and type); when the encoder
/// cannot keep up the pipe blocks, frames are captured late, and that lateness is in the latency.
/// </summary>
public sealed class FfmpegSender(FfmpegStream stream, TextWriter log)
{
    /// <summary>ffmpeg's argv: raw grey frames on stdin → libx264 → MPEG-TS to <paramref name="port"/>.</summary>
    public static IReadOnlyList<string> BuildArgs(FfmpegStream stream, int port, string? vstatsFile)
    {
        var inv = CultureInfo.InvariantCulture;
        var p = stream.Picture;
        List<string> args =
        [
            "-hide_banner", "-nostats", "-loglevel", "warning",
            "-f", "rawvideo", "-pix_fmt", "gray", "-video_size", $"{p.Width}x{p.Height}", "-framerate", p.Fps.ToString(inv), "-i", "pipe:0",
            .. stream.X264.EncoderArgs(p.Fps),
        ];
        if (vstatsFile is not null)
        {
            args.AddRange(["-vstats_file", vstatsFile]);
        }
        args.AddRange(["-f", "mpegts", "-flush_packets", "1", stream.Transport.SenderUrl(port)]);
        return args;
    }

    /// <summary>Streams until <paramref name="ct"/> (or <paramref name="maxFrames"/>), then closes ffmpeg's input so it flushes.</summary>
    public async Task RunAsync(int port, string? vstatsFile, CancellationToken ct, long maxFrames = long.MaxValue)
    {
        await using var ffmpeg = FfmpegProcess.Start(BuildArgs(stream, port, vstatsFile), log, "ffmpeg-sender");
        await log.WriteLineAsync($"live-ffmpeg sender: {stream.Picture.Width}x{stream.Picture.Height}@{stream.Picture.Fps} → {stream.Transport.SenderUrl(port)}");
        var source = stream.Picture.CreateSource();
        var frame = new LumaFrame(stream.Picture.Width, stream.Picture.Height);
        using var stamps = new StampWriter();
        var interval = Stopwatch.Frequency / (double)stream.Picture.Fps;
        var start = Stopwatch.GetTimestamp();
        try
        {
            for (long n = 0; n < maxFrames && !ct.IsCancellationRequested; n++)
            {
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), start + (long)(n * interval));
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, ct);
                }
                if (ffmpeg.HasExited)
                {
                    throw new InvalidOperationException($"ffmpeg (sender) exited with code {ffmpeg.ExitCode}; see its lines above");
                }
                source.Render(n, frame);
                stamps.Write(frame, source.Layout, new StampPayload(n, WallClock.NowUs()));
                await ffmpeg.Input.WriteAsync(frame.Pixels, ct);
                await ffmpeg.Input.FlushAsync(ct);
            }
        }
        catch (IOException) when (ffmpeg.HasExited)
        {
            throw new InvalidOperationException($"ffmpeg (sender) exited with code {ffmpeg.ExitCode}; see its lines above");
        }
    }
}
