using StreamLab.Collectors.Processes;

namespace StreamLab.Collectors.Sampling;

/// <summary>A process's own CPU time (utime + stime from /proc/&lt;pid&gt;/stat), for measuring StreamLab from outside.</summary>
public static class ProcessCpuTicks
{
    /// <summary>Clock ticks per second of the counts (USER_HZ).</summary>
    public static int PerSecond => Libc.ClockTicksPerSecond;

    /// <summary>utime + stime of <paramref name="pid"/> (its reaped children not included), or null when it is gone.</summary>
    public static long? Read(int pid) => ProcStat.Read(pid) is { } stat ? stat.UTime + stat.STime : null;
}
