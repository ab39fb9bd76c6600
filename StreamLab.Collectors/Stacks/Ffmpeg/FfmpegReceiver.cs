using System.Globalization;
using StreamLab.Collectors.Quality;
using StreamLab.Collectors.Stacks.LiveWs;
using StreamLab.Collectors.Stamps;

namespace StreamLab.Collectors.Stacks.Ffmpeg;

/// <summary>
/// A frame as the receiver saw it: when it was decoded, its id, its capture time (null when the stamp
/// was unreadable) and, for a sampled frame, its quality measure in progress.
/// </summary>
public readonly record struct DecodedFrame(long RecvUs, long FrameId, long? CaptureUs, Task<FrameQuality?>? Quality = null);

/// <summary>
/// The live-ffmpeg receiver: ffmpeg decodes the stream to raw grey frames on stdout, StreamLab
/// takes the display time as each whole frame arrives and reads its stamp from the stamp region.
/// An unreadable stamp gives the frame the id after the last one read (counted as a stamp failure,
/// never as a lost frame). Every <c>quality_every</c>-th stamped frame id goes to the
/// <see cref="QualityMeter"/> (PSNR and SSIM against the source frame, off the read loop); a frame
/// with an unreadable stamp is not measured, since its id and capture time, and so its reference,
/// are unknown. No <c>-fflags nobuffer</c>: it made the demuxer drop the stream's
/// start, first keyframe included (25 of 90 frames decoded instead of 86).
/// </summary>
public sealed class FfmpegReceiver(FfmpegStream stream, TextWriter log, int qualityEvery = 0)
{
    private QualityMeter? _meter;

    /// <summary>Frames due for quality measurement that found the meter busy.</summary>
    public long QualitySkipped => _meter?.Skipped ?? 0;

    /// <summary>ffmpeg's argv: the transport's URL → raw grey frames on stdout, one per decoded picture (no duplicates or drops).</summary>
    public static IReadOnlyList<string> BuildArgs(FfmpegStream stream, int port, string decodeThreads)
    {
        List<string> args = ["-hide_banner", "-nostats", "-loglevel", "warning", "-nostdin"];
        if (decodeThreads != "auto")
        {
            args.AddRange(["-threads", decodeThreads]);
        }
        // A short probe: with ffmpeg's defaults (5 s, 5 MB) the receiver of a live pipe found the
        // stream but never decoded a frame; 0.5 s / 200 kB decoded from the first keyframe on.
        args.AddRange(["-analyzeduration", "500000", "-probesize", "200000", "-f", "mpegts", "-i", stream.Transport.ReceiverUrl(port),
            "-map", "0:v:0", "-an", "-sn", "-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", "gray", "pipe:1"]);
        return args;
    }

    /// <summary>Receives until <paramref name="ct"/>, calling <paramref name="onFrame"/> for every decoded frame.</summary>
    public async Task RunAsync(int port, string decodeThreads, Action<DecodedFrame> onFrame, CancellationToken ct)
    {
        var ffmpeg = FfmpegProcess.Start(BuildArgs(stream, port, decodeThreads), log, "ffmpeg-receiver");
        try
        {
            await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"live-ffmpeg receiver: {stream.Transport.ReceiverUrl(port)} → {stream.Picture.Width}x{stream.Picture.Height} grey"));
            await ReadFramesAsync(ffmpeg.Output, onFrame, ct);
            if (!ct.IsCancellationRequested)
            {
                var code = await ffmpeg.StopAsync(TimeSpan.FromSeconds(1));
                throw new InvalidOperationException($"ffmpeg (receiver) ended its output early (exit code {code}); see its lines above");
            }
        }
        finally
        {
            await ffmpeg.StopAsync(TimeSpan.Zero);
        }
    }

    private async Task ReadFramesAsync(Stream output, Action<DecodedFrame> onFrame, CancellationToken ct)
    {
        var frame = new LumaFrame(stream.Picture.Width, stream.Picture.Height);
        var layout = StampLayout.For(frame.Width, frame.Height);
        var reader = new StampReader();
        using var meter = new QualityMeter(stream.Picture.CreateSource(), qualityEvery);
        _meter = meter;
        long lastId = -1;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await output.ReadExactlyAsync(frame.Pixels, ct);
                var recvUs = WallClock.NowUs();
                var stamp = reader.Read(frame, layout);
                var id = stamp?.FrameId ?? lastId + 1;
                lastId = id;
                var quality = stamp is { } read ? meter.Submit(read.FrameId, read.CaptureUs, frame) : null;
                onFrame(new DecodedFrame(recvUs, id, stamp?.CaptureUs, quality));
            }
        }
        catch (EndOfStreamException)
        {
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }
}
