using System.Diagnostics;
using System.Globalization;
using StreamLab.Collectors.Quality;
using StreamLab.Collectors.Stamps;

namespace StreamLab.Collectors.Stacks.LiveWs;

/// <summary>
/// The client's decode side: decodes a received JPEG, takes the display time, reads the stamp,
/// checks it against the header, hands every <c>quality_every</c>-th frame id to the
/// <see cref="QualityMeter"/> (PSNR and SSIM off this loop), and writes one frames.csv row per
/// displayed frame, in arrival order (a sampled row waits for its quality, the rows after it wait
/// behind it). The display time (right after decode, before the stamp is read) is the row's
/// <c>recv_wall_us</c>: latency is what a viewer would see, queueing and decode included.
/// A frame that cannot be decoded (corrupt JPEG, bad header) is counted in
/// <see cref="DecodeFailures"/> and gets no row: it was never displayed.
/// </summary>
public sealed class FrameInspector : IDisposable
{
    public const string CsvHeader = "recv_wall_us,frame_id,user_timestamp_us,width,height,size_bytes,decode_us,encode_us,quality,psnr_db,ssim";

    private readonly SyntheticSource _source;
    private readonly TextWriter _frames;
    private readonly JpegCodec _codec = new();
    private readonly StampReader _reader = new();
    private readonly QualityMeter _meter;
    private readonly Queue<(string Row, Task<FrameQuality?>? Quality)> _pending = new();
    private LumaFrame? _decoded;
    private long _decodeFailures;
    private long _stampFailures;
    private long _stampMismatches;

    public FrameInspector(LiveWsStream stream, TextWriter frames, int qualityEvery = QualityMeter.DefaultEvery)
    {
        _source = stream.CreateSource();
        _meter = new QualityMeter(stream.CreateSource(), qualityEvery);
        _frames = frames;
        _frames.WriteLine(CsvHeader);
        _frames.Flush();
    }

    /// <summary>Frames whose QR stamp disagreed with their header (id or capture time).</summary>
    public long StampMismatches => Interlocked.Read(ref _stampMismatches);
    /// <summary>Displayed frames whose stamp could not be read (damaged, or a frame of the wrong size).</summary>
    public long StampFailures => Interlocked.Read(ref _stampFailures);
    /// <summary>Received frames that could not be decoded (corrupt JPEG, malformed message); they have no row.</summary>
    public long DecodeFailures => Interlocked.Read(ref _decodeFailures);
    /// <summary>Frames due for quality measurement that found the meter busy.</summary>
    public long QualitySkipped => _meter.Skipped;

    /// <summary>Counts a message that never got as far as a JPEG (bad header, bad base64 or JSON).</summary>
    public void CountUndecodable() => Interlocked.Increment(ref _decodeFailures);

    public void Inspect(FrameHeader header, ReadOnlySpan<byte> jpeg)
    {
        var decodeStart = Stopwatch.GetTimestamp();
        try
        {
            _decoded = _codec.Decode(jpeg, _decoded);
        }
        catch (InvalidDataException)
        {
            CountUndecodable();
            return;
        }
        var decodeUs = Stopwatch.GetElapsedTime(decodeStart).TotalMicroseconds;
        var displayUs = WallClock.NowUs();

        var rightSize = _decoded.Width == _source.Width && _decoded.Height == _source.Height;
        var stamp = rightSize ? _reader.Read(_decoded, _source.Layout) : null;
        if (stamp is null)
        {
            Interlocked.Increment(ref _stampFailures);
        }
        else if (stamp.Value.FrameId != header.FrameId || stamp.Value.CaptureUs != header.CaptureUs)
        {
            Interlocked.Increment(ref _stampMismatches);
        }
        // The reference is rebuilt from the header (the stamp is part of the picture), so even a frame whose stamp is unreadable is measured.
        var quality = rightSize ? _meter.Submit(header.FrameId, header.CaptureUs, _decoded) : null;
        var row = string.Create(CultureInfo.InvariantCulture,
            $"{displayUs},{header.FrameId},{stamp?.CaptureUs},{_decoded.Width},{_decoded.Height},{jpeg.Length},{decodeUs:F0},{header.EncodeUs},{header.Quality}");
        lock (_pending)
        {
            _pending.Enqueue((row, quality));
        }
        WriteReady();
    }

    /// <summary>Writes the rows whose quality is known (all of them, waiting for the meter, when <paramref name="final"/>).</summary>
    public void WriteReady(bool final = false)
    {
        lock (_pending)
        {
            var wrote = false;
            while (_pending.TryPeek(out var next) && (final || next.Quality is null || next.Quality.IsCompleted))
            {
                _pending.Dequeue();
                var q = next.Quality?.GetAwaiter().GetResult();
                _frames.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{next.Row},{q?.PsnrDb:F2},{q?.Ssim:F5}"));
                wrote = true;
            }
            if (wrote)
            {
                _frames.Flush();
            }
        }
    }

    public void Dispose()
    {
        _meter.Dispose(); // finishes the frames already submitted
        WriteReady(final: true);
        _codec.Dispose();
    }
}
