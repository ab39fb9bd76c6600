namespace StreamLab.Collectors.Processes;

/// <summary>
/// One /proc scan every 250 ms, shared by every running role, so that a process which forks and
/// leaves its role's tree (double fork, setsid) is remembered as long as it was visible once, and
/// so that orphans reparented to StreamLab are reaped while the role runs.
/// </summary>
internal static class RoleTreeTracker
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(250);
    private static readonly Lock Gate = new();
    private static readonly HashSet<RoleTree> Trees = [];
    private static Timer? _timer;

    public static void Register(RoleTree tree)
    {
        lock (Gate)
        {
            Trees.Add(tree);
            _timer ??= new Timer(_ => Tick(), null, Period, Period);
        }
    }

    public static void Unregister(RoleTree tree)
    {
        lock (Gate)
        {
            Trees.Remove(tree);
            if (Trees.Count == 0 && _timer is not null)
            {
                _timer.Dispose();
                _timer = null;
            }
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
            var table = ProcStat.ReadAll();
            foreach (var tree in trees)
            {
                tree.ReapOrphans(tree.Members(table));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // a timer callback must not throw; the next tick (or the stop's own scan) catches up
        }
    }
}
