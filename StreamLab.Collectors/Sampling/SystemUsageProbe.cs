using StreamLab.Core.Running;

namespace StreamLab.Collectors.Sampling;

/// <summary>
/// Whole-machine CPU from the first line of /proc/stat and used memory from /proc/meminfo.
/// </summary>
/// <remarks>
/// <c>cpu  4705 150 1120 16250 520 0 32 0 0 0</c> = user nice system idle iowait irq softirq steal
/// (guest time is already inside user). Busy = all but idle and iowait, scaled so that one core
/// fully busy is 100 (two cores are 200). Memory: <c>MemTotal: 8167848 kB</c> minus
/// <c>MemAvailable: 6137264 kB</c>.
/// </remarks>
internal sealed class SystemUsageProbe : IUsageProbe
{
    private (long Busy, long Total, int Cores)? _previous = ReadCpu();

    public UsageReading? Read()
    {
        var now = ReadCpu();
        var memory = ReadUsedMemoryMb();
        if (now is null || memory is null)
        {
            return null;
        }
        var before = _previous ?? now.Value;
        _previous = now;
        var total = now.Value.Total - before.Total;
        var cpu = total > 0 ? (now.Value.Busy - before.Busy) / (double)total * 100 * now.Value.Cores : 0;
        return new UsageReading(cpu, memory.Value);
    }

    internal static (long Busy, long Total, int Cores)? ReadCpu()
    {
        try
        {
            long busy = 0, total = 0;
            var cores = 0;
            foreach (var line in File.ReadLines("/proc/stat"))
            {
                if (line.StartsWith("cpu ", StringComparison.Ordinal))
                {
                    var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    for (var i = 1; i <= 8 && i < fields.Length; i++)
                    {
                        var value = long.Parse(fields[i]);
                        total += value;
                        busy += i is 4 or 5 ? 0 : value; // idle, iowait
                    }
                }
                else if (line.StartsWith("cpu", StringComparison.Ordinal) && line.Length > 3 && char.IsAsciiDigit(line[3]))
                {
                    cores++;
                }
            }
            return (busy, total, Math.Max(1, cores));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    internal static double? ReadUsedMemoryMb()
    {
        long? totalKb = null, availableKb = null;
        try
        {
            foreach (var line in File.ReadLines("/proc/meminfo"))
            {
                if (line.StartsWith("MemTotal:", StringComparison.Ordinal))
                {
                    totalKb = ParseKb(line);
                }
                else if (line.StartsWith("MemAvailable:", StringComparison.Ordinal))
                {
                    availableKb = ParseKb(line);
                }
            }
        }
        catch (IOException)
        {
            return null;
        }
        return totalKb is { } t && availableKb is { } a ? (t - a) / 1024.0 : null;
    }

    /// <summary>"MemTotal:        8167848 kB" → 8167848.</summary>
    internal static long? ParseKb(string line)
    {
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length >= 2 && long.TryParse(fields[1], out var kb) ? kb : null;
    }
}
