using StreamLab.Collectors.Processes;
using StreamLab.Core.Running;

namespace StreamLab.Collectors.Sampling;

/// <summary>
/// CPU and RSS of a process tree from /proc/&lt;pid&gt;/stat and /proc/&lt;pid&gt;/status.
/// CPU is counted per process as utime+stime+cutime+cstime (ticks of USER_HZ, from sysconf):
/// a member's growth since the previous read, a process born since then in full, and a child
/// reaped by a member counted through its parent's cutime (minus what it had already been
/// counted for). Only the last interval of a member reaped outside the tree is lost.
/// </summary>
internal sealed class ProcessTreeUsageProbe : IUsageProbe
{
    private readonly Func<IReadOnlyList<int>> _treePids;
    private readonly TimeProvider _clock;
    private Dictionary<int, ProcStat> _previous;
    private long _previousTimestamp;
    private long _previousBootTicks;

    public ProcessTreeUsageProbe(Func<IReadOnlyList<int>> treePids, TimeProvider clock)
    {
        _treePids = treePids;
        _clock = clock;
        _previousBootTicks = ProcStat.BootTicksNow();
        _previousTimestamp = clock.GetTimestamp();
        _previous = Snapshot(treePids());
    }

    public UsageReading? Read()
    {
        var bootTicks = ProcStat.BootTicksNow();
        var now = Snapshot(_treePids());
        var timestamp = _clock.GetTimestamp();
        if (now.Count == 0)
        {
            return null;
        }
        long ticks = 0, rssKb = 0;
        foreach (var p in now.Values)
        {
            if (_previous.TryGetValue(p.Pid, out var before) && before.StartTime == p.StartTime)
            {
                ticks += p.TotalTicks - before.TotalTicks;
            }
            else if (p.StartTime >= _previousBootTicks - 1)
            {
                ticks += p.TotalTicks; // born since the previous read
            }
            // else: a process that joined the tree late; its past is not this interval's
            rssKb += p.IsZombie ? 0 : ProcStat.ReadRssKb(p.Pid) ?? 0;
        }
        foreach (var gone in _previous.Values)
        {
            if (!IsSame(now, gone) && ReapedInsideTree(gone, now))
            {
                ticks -= gone.TotalTicks; // an ancestor's cutime now holds its whole life
            }
        }
        var seconds = _clock.GetElapsedTime(_previousTimestamp, timestamp).TotalSeconds;
        _previous = now;
        _previousTimestamp = timestamp;
        _previousBootTicks = bootTicks;
        var cpu = seconds > 0 ? Math.Max(0, ticks) / (double)Libc.ClockTicksPerSecond / seconds * 100 : 0;
        return new UsageReading(cpu, rssKb / 1024.0);
    }

    private static bool IsSame(Dictionary<int, ProcStat> stats, in ProcStat p) =>
        stats.TryGetValue(p.Pid, out var other) && other.StartTime == p.StartTime;

    // A process is reaped by its parent, whose times go to its own parent when it is reaped in
    // turn: follow the parents it had at the previous read up to one that is still here.
    private bool ReapedInsideTree(ProcStat gone, Dictionary<int, ProcStat> now)
    {
        for (var depth = 0; depth < 64 && _previous.TryGetValue(gone.Ppid, out var parent); depth++)
        {
            if (IsSame(now, parent))
            {
                return true;
            }
            gone = parent;
        }
        return false;
    }

    private static Dictionary<int, ProcStat> Snapshot(IReadOnlyList<int> pids)
    {
        var stats = new Dictionary<int, ProcStat>(pids.Count);
        foreach (var pid in pids)
        {
            if (ProcStat.Read(pid) is { } stat)
            {
                stats[pid] = stat;
            }
        }
        return stats;
    }
}
