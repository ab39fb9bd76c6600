using Microsoft.Win32.SafeHandles;

namespace StreamLab.Collectors.Processes;

/// <summary>The fields StreamLab uses from one <c>/proc/&lt;pid&gt;/stat</c> line.</summary>
/// <remarks>
/// A sample line (comm is field 2, in parentheses, and may itself hold spaces and parentheses,
/// so every other field is counted from the last ')'):
/// <c>4242 (my (odd) srv) S 4200 4242 4242 0 -1 4194560 120 0 0 0 37 12 0 0 20 0 3 0 987654 ...</c>
/// state=S ppid=4200 pgrp=4242 session=4242 utime=37 stime=12 cutime=0 cstime=0 starttime=987654 (ticks since boot).
/// </remarks>
internal readonly record struct ProcStat(
    int Pid, char State, int Ppid, int Pgrp, int Session,
    long UTime, long STime, long CUTime, long CSTime, long StartTime)
{
    /// <summary>Dead but not yet reaped by its parent: holds no memory and runs no more.</summary>
    public bool IsZombie => State is 'Z' or 'X' or 'x';

    /// <summary>CPU ticks of the process plus the children it has reaped.</summary>
    public long TotalTicks => UTime + STime + CUTime + CSTime;

    public static ProcStat? Read(int pid)
    {
        Span<byte> buffer = stackalloc byte[1024];
        int length;
        try
        {
            using SafeFileHandle handle = File.OpenHandle($"/proc/{pid}/stat");
            length = RandomAccess.Read(handle, buffer, 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // gone (or going) between listing and reading: not an error
        }
        return Parse(pid, buffer[..length]);
    }

    public static ProcStat? Parse(int pid, ReadOnlySpan<byte> line)
    {
        var close = line.LastIndexOf((byte)')');
        if (close < 0 || close + 2 >= line.Length)
        {
            return null;
        }
        Span<long> numbers = stackalloc long[20];
        var rest = line[(close + 2)..];
        var state = (char)rest[0];
        var field = 0; // index 0 = field 3 (state); numbers[i] = field i + 3
        foreach (var range in rest.Split((byte)' '))
        {
            if (field > 0 && field < numbers.Length)
            {
                _ = long.TryParse(rest[range], out numbers[field]);
            }
            if (++field >= numbers.Length)
            {
                break;
            }
        }
        if (field < numbers.Length)
        {
            return null;
        }
        return new ProcStat(pid, state, (int)numbers[1], (int)numbers[2], (int)numbers[3],
            numbers[11], numbers[12], numbers[13], numbers[14], numbers[19]);
    }

    /// <summary>Every process visible now (threads are folded into their process by the kernel).</summary>
    public static List<ProcStat> ReadAll()
    {
        var all = new List<ProcStat>(256);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(dir.AsSpan(6), out var pid) && Read(pid) is { } stat)
            {
                all.Add(stat);
            }
        }
        return all;
    }

    /// <summary>Now, in the unit of <see cref="StartTime"/>: clock ticks since boot (from /proc/uptime).</summary>
    public static long BootTicksNow()
    {
        var text = File.ReadAllText("/proc/uptime");
        var seconds = double.Parse(text.AsSpan(0, text.IndexOf(' ')), System.Globalization.CultureInfo.InvariantCulture);
        return (long)(seconds * Libc.ClockTicksPerSecond);
    }

    /// <summary>Resident memory in kB from <c>/proc/&lt;pid&gt;/status</c> (VmRSS), or null when gone.</summary>
    public static long? ReadRssKb(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    var value = line.AsSpan(6).Trim();
                    var space = value.IndexOf(' ');
                    return long.TryParse(space < 0 ? value : value[..space], out var kb) ? kb : 0;
                }
            }
            return 0; // zombies and kernel threads have no VmRSS line
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
