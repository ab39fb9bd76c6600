using System.Diagnostics;

namespace StreamLab.Collectors.Processes;

/// <summary>
/// One look at the process table every 250 ms (<see cref="ProcessTable"/>), shared by every running role, so that
/// a process which forks and leaves its role's tree (double fork, setsid) is remembered as long as it was visible
/// once, and so that orphans reparented to StreamLab are reaped while the role runs. The usage probes read the same
/// table (<see cref="Table"/>) instead of scanning again.
/// </summary>
internal static class RoleTreeTracker
{
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(250);
    private static readonly Lock Gate = new();
    private static readonly HashSet<RoleTree> Trees = [];
    private static PollingThread? _thread;
    private static IReadOnlyList<ProcStat> _table = [];
    private static long _readAt;

    public static void Register(RoleTree tree)
    {
        lock (Gate)
        {
            Trees.Add(tree);
            _readAt = 0; // a new root: the next read must include it
            _thread ??= new PollingThread("StreamLab role trees", Period, Tick);
        }
    }

    public static void Unregister(RoleTree tree)
    {
        PollingThread? stopped = null;
        lock (Gate)
        {
            Trees.Remove(tree);
            if (Trees.Count == 0)
            {
                (stopped, _thread) = (_thread, null);
            }
        }
        stopped?.Dispose();
    }

    /// <summary>The processes of every running role (see <see cref="ProcessTable"/>), read at most <paramref name="maxAge"/> ago.</summary>
    public static IReadOnlyList<ProcStat> Table(TimeSpan maxAge)
    {
        lock (Gate)
        {
            if (_readAt == 0 || Stopwatch.GetElapsedTime(_readAt) > maxAge)
            {
                _table = ProcessTable.Read(Trees.Select(t => t.RootPid));
                _readAt = Stopwatch.GetTimestamp();
            }
            return _table;
        }
    }

    private static void Tick()
    {
        RoleTree[] trees;
        lock (Gate)
        {
            trees = [.. Trees];
        }
        if (trees.Length == 0)
        {
            return;
        }
        try
        {
            var table = Table(Period / 2);
            foreach (var tree in trees)
            {
                tree.ReapOrphans(tree.Members(table));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // the next tick (or the stop's own scan) catches up
        }
    }
}
