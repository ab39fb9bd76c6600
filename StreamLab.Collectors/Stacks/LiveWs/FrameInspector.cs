using System.Diagnostics;
using System.Globalization;
using StreamLab.Collectors.Quality;
using StreamLab.Collectors.Stamps;

namespace StreamLab.Collectors.Stacks.LiveWs;

/// <summary>
/// The client's decode side: decodes a received JPEG, takes the display time, reads the stamp,
/// checks it against the header, measures PSNR on every <see cref="PsnrEvery"/>th frame id, and
/// writes one frames.csv row per frame. The display time (right after decode, before the stamp is
/// read) is the row's <c>recv_wall_us</c>: latency is what a viewer would see, queueing and decode
/// included, and excludes only the measuring itself.
/// </summary>
public sealed class FrameInspector : IDisposable
{
    public const int PsnrEvery = 10;
    public const string CsvHeader = "recv_wall_us,frame_id,user_timestamp_us,width,height,size_bytes,decode_us,encode_us,quality,psnr_db";

    private readonly SyntheticSource _source;
    private readonly TextWriter _frames;
    private readonly JpegCodec _codec = new();
    private readonly StampReader _reader = new();
    private readonly StampWriter _writer = new();
    private readonly LumaFrame _reference;
    private LumaFrame? _decoded;

    public FrameInspector(LiveWsStream stream, TextWriter frames)
    {
        _source = stream.CreateSource();
        _reference = new LumaFrame(stream.Width, stream.Height);
        _frames = frames;
        _frames.WriteLine(CsvHeader);
        _frames.Flush();
    }

    /// <summary>Frames whose QR stamp disagreed with their header (id or capture time).</summary>
    public long StampMismatches { get; private set; }
    public long StampFailures { get; private set; }

    public void Inspect(FrameHeader header, ReadOnlySpan<byte> jpeg)
    {
        var decodeStart = Stopwatch.GetTimestamp();
        _decoded = _codec.Decode(jpeg, _decoded);
        var decodeUs = Stopwatch.GetElapsedTime(decodeStart).TotalMicroseconds;
        var displayUs = WallClock.NowUs();

        var stamp = _decoded.Width == _source.Width && _decoded.Height == _source.Height ? _reader.Read(_decoded, _source.Layout) : null;
        if (stamp is null)
        {
            StampFailures++;
        }
        else if (stamp.Value.FrameId != header.FrameId || stamp.Value.CaptureUs != header.CaptureUs)
        {
            StampMismatches++;
        }
        double? psnr = null;
        if (header.FrameId % PsnrEvery == 0 && _decoded.Width == _source.Width && _decoded.Height == _source.Height)
        {
            // The reference is rebuilt from the header: the stamp is part of the picture.
            _source.Render(header.FrameId, _reference);
            _writer.Write(_reference, _source.Layout, new StampPayload(header.FrameId, header.CaptureUs));
            psnr = Psnr.Of(_reference, _decoded);
        }
        var inv = CultureInfo.InvariantCulture;
        _frames.WriteLine(string.Create(inv,
            $"{displayUs},{header.FrameId},{stamp?.CaptureUs},{_decoded.Width},{_decoded.Height},{jpeg.Length},{decodeUs:F0},{header.EncodeUs},{header.Quality},{psnr:F2}"));
        _frames.Flush();
    }

    public void Dispose()
    {
        _codec.Dispose();
        _writer.Dispose();
    }
}
