using System.Runtime.InteropServices;

namespace StreamLab.Collectors.Processes;

/// <summary>The few libc calls process control needs that .NET does not expose (Linux numbering).</summary>
internal static unsafe partial class Libc
{
    public const int SigKill = 9;
    public const int SigTerm = 15;
    public const int Esrch = 3;
    public const int Wnohang = 1;
    private const int PrSetChildSubreaper = 36;
    private const int ScClkTck = 2;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int KillNative(int pid, int sig);

    [LibraryImport("libc", EntryPoint = "prctl", SetLastError = true)]
    private static partial int PrctlNative(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    [LibraryImport("libc", EntryPoint = "waitpid", SetLastError = true)]
    private static partial int WaitPidNative(int pid, int* status, int options);

    [LibraryImport("libc", EntryPoint = "sysconf", SetLastError = true)]
    private static partial nint SysconfNative(int name);

    [LibraryImport("libc", EntryPoint = "sched_setaffinity", SetLastError = true)]
    private static partial int SchedSetAffinityNative(int pid, nuint cpusetsize, ulong* mask);

    /// <summary>Restricts a process to CPUs 0 … <paramref name="cores"/>−1; false if it failed (e.g. gone).</summary>
    public static bool PinToFirstCores(int pid, int cores)
    {
        var mask = cores >= 64 ? ulong.MaxValue : (1UL << Math.Max(1, cores)) - 1;
        return SchedSetAffinityNative(pid, sizeof(ulong), &mask) == 0;
    }

    /// <summary>Sends a signal; a negative pid addresses a process group. False when nothing received it.</summary>
    public static bool Kill(int pid, int signal) => KillNative(pid, signal) == 0;

    /// <summary>Reaps <paramref name="pid"/> if it is a zombie child of ours; true when it was reaped.</summary>
    public static bool TryReap(int pid)
    {
        int status;
        return WaitPidNative(pid, &status, Wnohang) == pid;
    }

    /// <summary>Makes this process the reaper of orphaned descendants (instead of init).</summary>
    public static bool SetChildSubreaper() => PrctlNative(PrSetChildSubreaper, 1, 0, 0, 0) == 0;

    /// <summary>Clock ticks per second used by /proc (USER_HZ); 100 on every Linux we know of.</summary>
    public static int ClockTicksPerSecond { get; } = ReadClockTicks();

    private static int ReadClockTicks()
    {
        var ticks = SysconfNative(ScClkTck);
        return ticks > 0 ? (int)ticks : 100;
    }
}
