using StreamLab.Core.Raw;
using StreamLab.Core.Storage;

namespace StreamLab.Core.Import;

/// <summary>How many rows a record's files hold, as a first reading counted them (lists are sized from it).</summary>
public sealed record ImportRowCounts(long Frames, long FramesInWindow, long Samples, long Events);

/// <summary>
/// Streams one imported record's raw rows into the import's transaction, <see cref="Chunk"/> rows at a time, and keeps
/// only what the record's summary reads: the frames inside the window (and one stamped frame outside it), the samples and the events. Samples get the
/// record's warm-up flag from their time; NaN samples are dropped (samples.value is NOT NULL), as the runner does.
/// </summary>
public sealed class ImportRowWriter : IRawSink
{
    private const int Chunk = 5_000;

    private readonly IRawRowInserter _inserter;
    private readonly long _recordId;
    private readonly long _t0Us;
    private readonly long _t1Us;
    private readonly FrameRow[] _frameChunk = new FrameRow[Chunk];
    private readonly SampleRow[] _sampleChunk = new SampleRow[Chunk];
    private readonly EventRow[] _eventChunk = new EventRow[Chunk];
    private readonly List<FrameRow> _windowFrames;
    private readonly List<SampleRow> _samples;
    private readonly List<EventRow> _events;
    private int _frameCount;
    private int _sampleCount;
    private int _eventCount;
    private bool _stampSeenOutside;

    internal ImportRowWriter(IRawRowInserter inserter, long recordId, long t0Us, long t1Us, ImportRowCounts expected)
    {
        _inserter = inserter;
        _recordId = recordId;
        _t0Us = t0Us;
        _t1Us = t1Us;
        _windowFrames = new List<FrameRow>(Capacity(expected.FramesInWindow));
        _samples = new List<SampleRow>(Capacity(expected.Samples));
        _events = new List<EventRow>(Capacity(expected.Events));
    }

    public long Frames { get; private set; }

    public long Samples { get; private set; }

    public long Events { get; private set; }

    public void Add(in FrameRow row)
    {
        var stored = row with { RecordId = _recordId };
        _frameChunk[_frameCount++] = stored;
        if (stored.RecvWallUs >= _t0Us && stored.RecvWallUs < _t1Us)
        {
            _windowFrames.Add(stored);
        }
        else if (!_stampSeenOutside && stored.UserTimestampUs is not null)
        {
            // The summary reads only window frames, except to ask whether the stack stamps frames at all
            // (stamp_fail_pct): one stamped frame from outside answers that as all of them would.
            _windowFrames.Add(stored);
            _stampSeenOutside = true;
        }
        Frames++;
        if (_frameCount == Chunk) FlushFrames();
    }

    public void Add(in SampleRow row)
    {
        if (double.IsNaN(row.Value))
        {
            return;
        }
        var stored = row with { RecordId = _recordId, Warmup = row.TimeUs < _t0Us };
        _sampleChunk[_sampleCount++] = stored;
        _samples.Add(stored);
        Samples++;
        if (_sampleCount == Chunk) FlushSamples();
    }

    public void Add(in EventRow row)
    {
        var stored = row with { RecordId = _recordId };
        _eventChunk[_eventCount++] = stored;
        _events.Add(stored);
        Events++;
        if (_eventCount == Chunk) FlushEvents();
    }

    /// <summary>Rows go to the transaction as they come; nothing waits here.</summary>
    public Task FlushAsync(CancellationToken cancellationToken = default)
    {
        Flush();
        return Task.CompletedTask;
    }

    /// <summary>Inserts what is buffered and hands over what the summary needs.</summary>
    internal RecordRaw Finish()
    {
        Flush();
        return new RecordRaw(_windowFrames, _samples, _events);
    }

    private void Flush()
    {
        FlushFrames();
        FlushSamples();
        FlushEvents();
    }

    private void FlushFrames()
    {
        _inserter.InsertFrames(_frameChunk.AsSpan(0, _frameCount));
        _frameCount = 0;
    }

    private void FlushSamples()
    {
        _inserter.InsertSamples(_sampleChunk.AsSpan(0, _sampleCount));
        _sampleCount = 0;
    }

    private void FlushEvents()
    {
        _inserter.InsertEvents(_eventChunk.AsSpan(0, _eventCount));
        _eventCount = 0;
    }

    private static int Capacity(long expected) => (int)Math.Clamp(expected, 0, ImportLimits.MaxRowsPerFile);
}
