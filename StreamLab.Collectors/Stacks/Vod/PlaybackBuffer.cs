namespace StreamLab.Collectors.Stacks.Vod;

/// <summary>Where playback is: waiting for the first start threshold, playing, stalled, or at the end.</summary>
public enum PlaybackState { Starting, Playing, Stalled, Ended }

/// <summary>
/// The player's buffer in seconds of video, driven by the clock: chunks may arrive out of order but
/// only the run of chunks from the playhead counts. Playback starts (<c>startup</c>) when the buffer
/// first reaches <c>start_buffer_s</c>; when it runs dry, a stall starts (<c>stall_start</c>, stamped
/// at the moment it ran dry) and lasts until the buffer is back at <c>start_buffer_s</c>
/// (<c>stall_end</c>), or the rest of the video, whichever is less. Not thread-safe: callers lock.
/// </summary>
public sealed class PlaybackBuffer(VodVideo video, double startBufferS, Action<long, string, string?> onEvent)
{
    private readonly HashSet<int> _done = [];
    private double _positionS;
    private int _contiguous;
    private long? _lastUs;

    public PlaybackState State { get; private set; } = PlaybackState.Starting;

    /// <summary>Seconds of video downloaded ahead of the playhead (as of the last <see cref="Advance"/>).</summary>
    public double BufferS => Math.Min(_contiguous * video.ChunkS, video.VideoS) - _positionS;

    /// <summary>Seconds of video played so far.</summary>
    public double PositionS => _positionS;

    /// <summary>The lowest chunk index not downloaded yet.</summary>
    public int NextMissing => _contiguous;

    public bool IsDone(int index) => index < _contiguous || _done.Contains(index);

    /// <summary>Records a downloaded chunk at <paramref name="nowUs"/> (wall µs).</summary>
    public void ChunkArrived(int index, long nowUs)
    {
        Advance(nowUs);
        _done.Add(index);
        while (_done.Remove(_contiguous))
        {
            _contiguous++;
        }
        CheckThreshold(nowUs);
    }

    /// <summary>Plays from the last call up to <paramref name="nowUs"/>, stalling if the buffer runs dry.</summary>
    public void Advance(long nowUs)
    {
        var elapsedS = _lastUs is { } last ? Math.Max(0, nowUs - last) / 1e6 : 0;
        _lastUs = nowUs;
        if (State != PlaybackState.Playing)
        {
            return;
        }
        var available = BufferS;
        if (elapsedS < available)
        {
            _positionS += elapsedS;
            return;
        }
        _positionS += available;
        var dryUs = nowUs - (long)Math.Round((elapsedS - available) * 1e6);
        if (_contiguous >= video.ChunkCount)
        {
            State = PlaybackState.Ended;
            onEvent(dryUs, "ended", null);
            return;
        }
        State = PlaybackState.Stalled;
        onEvent(dryUs, "stall_start", null);
    }

    private void CheckThreshold(long nowUs)
    {
        if (State is PlaybackState.Playing or PlaybackState.Ended)
        {
            return;
        }
        var remaining = video.VideoS - _positionS;
        if (BufferS + 1e-9 < Math.Min(startBufferS, remaining))
        {
            return;
        }
        onEvent(nowUs, State == PlaybackState.Starting ? "startup" : "stall_end", null);
        State = PlaybackState.Playing;
    }
}
