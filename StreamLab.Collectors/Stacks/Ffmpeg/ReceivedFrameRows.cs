using System.Globalization;
using StreamLab.Collectors.Stacks.LiveWs;

namespace StreamLab.Collectors.Stacks.Ffmpeg;

/// <summary>
/// Writes the receiver's frames.csv rows, joined by frame id with the encoded size and picture type
/// from the sender's vstats file. A row waits until its id is in the vstats (ffmpeg writes that
/// file in ~4 kB batches) or until it is <see cref="MaxWait"/> old, then goes out without a size.
/// A sampled row also waits for its quality measure (PSNR, SSIM). Rows keep their receive order and
/// their receive time, so waiting never shows up as latency.
/// </summary>
public sealed class ReceivedFrameRows(int width, int height, TextWriter frames, VstatsFollower? vstats)
{
    public const string CsvHeader = "recv_wall_us,frame_id,user_timestamp_us,width,height,size_bytes,psnr_db,ssim";
    private const long MaxWaitUs = 3_000_000;
    private readonly Queue<DecodedFrame> _pending = new();
    private readonly Dictionary<long, VstatsLine> _encoded = [];
    private bool _headerWritten;
    private long _lastWrittenId = -1;

    public static TimeSpan MaxWait => TimeSpan.FromMicroseconds(MaxWaitUs);

    public long Rows { get; private set; }
    public long StampFailures { get; private set; }
    public long KeyframesReceived { get; private set; }
    public long RowsWithoutSize { get; private set; }

    public void Add(DecodedFrame frame)
    {
        lock (_pending)
        {
            _pending.Enqueue(frame);
        }
    }

    /// <summary>Reads new vstats lines and writes every row that is ready (all of them when <paramref name="final"/>).</summary>
    public void Flush(bool final = false)
    {
        foreach (var line in vstats?.Poll() ?? [])
        {
            _encoded[line.Frame] = line;
        }
        var now = WallClock.NowUs();
        var inv = CultureInfo.InvariantCulture;
        lock (_pending)
        {
            if (!_headerWritten)
            {
                frames.WriteLine(CsvHeader);
                _headerWritten = true;
            }
            while (_pending.TryPeek(out var next)
                && (final || next.Quality is null || next.Quality.IsCompleted)
                && (final || vstats is null || _encoded.ContainsKey(next.FrameId) || now - next.RecvUs > MaxWaitUs))
            {
                _pending.Dequeue();
                int? size = null;
                if (_encoded.Remove(next.FrameId, out var encoded))
                {
                    size = encoded.SizeBytes;
                    KeyframesReceived += encoded.Type == 'I' ? 1 : 0;
                }
                else
                {
                    RowsWithoutSize++;
                }
                StampFailures += next.CaptureUs is null ? 1 : 0;
                var quality = next.Quality?.GetAwaiter().GetResult();
                frames.WriteLine(string.Create(inv, $"{next.RecvUs},{next.FrameId},{next.CaptureUs},{width},{height},{size},{quality?.PsnrDb:F2},{quality?.Ssim:F5}"));
                Rows++;
                _lastWrittenId = next.FrameId;
            }
        }
        if (_encoded.Count > 10_000)
        {
            // vstats lines of frames that never arrived (lost on the way) would otherwise pile up for the whole record
            foreach (var id in _encoded.Keys.Where(id => id < _lastWrittenId).ToArray())
            {
                _encoded.Remove(id);
            }
        }
        frames.Flush();
    }
}
