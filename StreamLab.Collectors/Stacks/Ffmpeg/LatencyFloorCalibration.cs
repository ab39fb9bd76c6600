using StreamLab.Collectors.Host;
using StreamLab.Core.Statistics;

namespace StreamLab.Collectors.Stacks.Ffmpeg;

/// <summary>
/// Measures the receiver's fixed buffering floor: the same encoder settings sent over plain UDP on
/// loopback (no relay, no impairment) to a second receiver for a short run, whose median
/// capture-to-decode latency is the floor (encode, MPEG-TS muxing and demuxing, decoder frame
/// delay). Shown beside a record's latency, it tells the network's share from the pipeline's.
/// </summary>
public static class LatencyFloorCalibration
{
    /// <summary>Stamped frames skipped at the start (the receiver locking on).</summary>
    public const int SkipFrames = 10;

    /// <summary>Median latency in ms of the stamped frames after the first <see cref="SkipFrames"/>, or null when too few arrived.</summary>
    public static async Task<double?> MeasureAsync(FfmpegStream stream, string decodeThreads, TimeSpan duration, TextWriter log, CancellationToken ct)
    {
        var loopback = stream with { Transport = FfmpegTransport.Parse("udp", 0) };
        var port = new LoopbackPortAllocator().Allocate();
        var latencies = new List<double>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var receiving = Task.Run(() => new FfmpegReceiver(loopback, log).RunAsync(port, decodeThreads, frame =>
        {
            if (frame.CaptureUs is { } capture)
            {
                lock (latencies)
                {
                    latencies.Add((frame.RecvUs - capture) / 1000.0);
                }
            }
        }, stop.Token), CancellationToken.None);
        await Task.Delay(TimeSpan.FromMilliseconds(300), ct); // the receiver binds its port before the sender sends
        var frames = (long)Math.Ceiling(duration.TotalSeconds * stream.Picture.Fps);
        try
        {
            await new FfmpegSender(loopback, log).RunAsync(port, null, stop.Token, frames);
            await Task.Delay(TimeSpan.FromMilliseconds(500), ct); // the last frames drain through the decoder
        }
        finally
        {
            await stop.CancelAsync();
            await receiving;
        }
        lock (latencies)
        {
            return latencies.Count > SkipFrames + 5 ? Percentile.Of(latencies.Skip(SkipFrames), 50) : null;
        }
    }
}
