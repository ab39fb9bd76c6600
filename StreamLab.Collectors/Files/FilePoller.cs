namespace StreamLab.Collectors.Files;

/// <summary>
/// One polling thread for every file being followed: each tick reads what each file gained since the last one.
/// </summary>
/// <remarks>
/// A timer per follower cost a thread-pool wake-up per file every 150 ms whether or not the file grew, and the
/// worker's spin before it sleeps again was most of StreamLab's CPU while recording (perf, <c>bench overhead</c>).
/// One tick for all files costs one wake-up, then a length check per file; reading and parsing grow with the rows.
/// </remarks>
internal sealed class FilePoller
{
    /// <summary>How often files are checked; the bulk writer commits every half second, so rows wait no longer for it.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(250);

    private readonly Lock _gate = new();
    private readonly List<RecordFileFollower> _followers = [];
    private PollingThread? _thread;

    public void Add(RecordFileFollower follower)
    {
        lock (_gate)
        {
            _followers.Add(follower);
            _thread ??= new PollingThread("StreamLab file poller", Period, Tick);
        }
    }

    public void Remove(RecordFileFollower follower)
    {
        PollingThread? stopped = null;
        lock (_gate)
        {
            _followers.Remove(follower);
            if (_followers.Count == 0)
            {
                (stopped, _thread) = (_thread, null);
            }
        }
        stopped?.Dispose(); // outside the lock: its last tick may be taking it
    }

    private void Tick()
    {
        RecordFileFollower[] followers;
        lock (_gate)
        {
            followers = [.. _followers];
        }
        foreach (var follower in followers)
        {
            follower.Poll();
        }
    }
}
