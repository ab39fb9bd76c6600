namespace StreamLab.Collectors.Processes;

/// <summary>
/// The processes that belong to one role: descendants of its root (by ppid), members of its
/// session or process group (the root is started as a session leader), orphans reparented to
/// StreamLab that carry the role's <see cref="MarkerVariable"/> in their environment (a daemon
/// that double-forks and calls setsid leaves both the tree and the session), and every process
/// seen in any of these while the role ran. A pid is identified with its start time so a
/// recycled pid (pid_max is 32768 on our machines) is never mistaken for a member.
/// </summary>
internal sealed class RoleTree(int rootPid, long rootStartTime, string marker)
{
    /// <summary>Set in every role's environment to a value unique to the role; children inherit it.</summary>
    public const string MarkerVariable = "STREAMLAB_ROLE_ID";

    private readonly Lock _lock = new();
    private readonly Dictionary<int, long> _seen = new() { [rootPid] = rootStartTime };
    private readonly Dictionary<int, long> _strangers = [];
    private readonly byte[] _markerEntry = System.Text.Encoding.UTF8.GetBytes($"\0{MarkerVariable}={marker}\0");

    public int RootPid { get; } = rootPid;

    /// <summary>Members present in <paramref name="table"/> (zombies included); remembers them all.</summary>
    public List<ProcStat> Members(IReadOnlyList<ProcStat> table)
    {
        var byParent = new Dictionary<int, List<ProcStat>>();
        var present = new Dictionary<int, long>(table.Count);
        var members = new Dictionary<int, ProcStat>();
        var pending = new Stack<ProcStat>();
        lock (_lock)
        {
            foreach (var p in table)
            {
                present[p.Pid] = p.StartTime;
                if (!byParent.TryGetValue(p.Ppid, out var children))
                {
                    byParent[p.Ppid] = children = [];
                }
                children.Add(p);
                var inGroup = (p.Session == RootPid || p.Pgrp == RootPid) && p.StartTime >= rootStartTime;
                var seenBefore = _seen.TryGetValue(p.Pid, out var start) && start == p.StartTime;
                if (inGroup || seenBefore || IsMarkedOrphan(p))
                {
                    pending.Push(p);
                }
            }
            while (pending.TryPop(out var p))
            {
                if (!members.TryAdd(p.Pid, p))
                {
                    continue;
                }
                _seen[p.Pid] = p.StartTime;
                if (byParent.TryGetValue(p.Pid, out var children))
                {
                    foreach (var child in children)
                    {
                        pending.Push(child);
                    }
                }
            }
            // A pid that is gone (or recycled) never comes back as the same process: forget it,
            // so a role that forks thousands of short-lived helpers does not grow this set.
            Forget(_seen, present);
            Forget(_strangers, present);
        }
        var list = members.Values.ToList();
        list.Sort((a, b) => a.Pid == RootPid ? -1 : b.Pid == RootPid ? 1 : a.Pid.CompareTo(b.Pid));
        return list;
    }

    private void Forget(Dictionary<int, long> known, Dictionary<int, long> present)
    {
        foreach (var (pid, start) in known)
        {
            if (pid != RootPid && (!present.TryGetValue(pid, out var now) || now != start))
            {
                known.Remove(pid);
            }
        }
    }

    // Only StreamLab's own children are candidates (it is their subreaper), so the environment
    // of a process is read at most once, and only for the rare orphan.
    private bool IsMarkedOrphan(in ProcStat p)
    {
        if (p.Ppid != Environment.ProcessId || p.StartTime < rootStartTime || p.IsZombie
            || (_strangers.TryGetValue(p.Pid, out var start) && start == p.StartTime))
        {
            return false;
        }
        try
        {
            var environ = File.ReadAllBytes($"/proc/{p.Pid}/environ").AsSpan();
            var entry = _markerEntry.AsSpan();
            if (environ.StartsWith(entry[1..]) || environ.IndexOf(entry) >= 0)
            {
                return true;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // gone, or not ours to read
        }
        _strangers[p.Pid] = p.StartTime;
        return false;
    }

    /// <summary>Scans /proc now.</summary>
    public List<ProcStat> Members() => Members(ProcStat.ReadAll());

    /// <summary>
    /// Reaps members that died after being reparented to StreamLab (it is their subreaper, and
    /// .NET only waits for the children it started itself). Only pids known to be ours, with the
    /// start time we saw, are waited for, so no child started by other code is ever touched.
    /// </summary>
    public void ReapOrphans(IEnumerable<ProcStat> members)
    {
        var self = Environment.ProcessId;
        foreach (var p in members)
        {
            if (p.IsZombie && p.Ppid == self && p.Pid != RootPid)
            {
                Libc.TryReap(p.Pid);
            }
        }
    }
}
