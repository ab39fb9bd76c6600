using System.Globalization;

namespace StreamLab.Core.RunEnvironment;

/// <summary>CPU (cores) and memory (MB) limits of one role's process tree, from <c>&lt;role&gt;_cpu</c> and <c>&lt;role&gt;_memory_mb</c>.</summary>
public sealed record RoleLimits(string Role, double? Cpu, long? MemoryMb)
{
    public const string CpuSuffix = "_cpu";
    public const string MemorySuffix = "_memory_mb";

    /// <summary>The limits the values set for <paramref name="role"/>, or null; throws <see cref="FormatException"/> on a bad value.</summary>
    public static RoleLimits? FromValues(string role, IReadOnlyDictionary<string, string> values)
    {
        double? cpu = null;
        long? memory = null;
        if (values.TryGetValue(role + CpuSuffix, out var cpuText))
        {
            if (!double.TryParse(cpuText, NumberStyles.Float, CultureInfo.InvariantCulture, out var c) || c < 0.01 || c > 1024)
            {
                throw new FormatException($"{role}{CpuSuffix} '{cpuText}' must be a number of cores between 0.01 and 1024");
            }
            cpu = c;
        }
        if (values.TryGetValue(role + MemorySuffix, out var memText))
        {
            if (!long.TryParse(memText, NumberStyles.None, CultureInfo.InvariantCulture, out var m) || m < 4)
            {
                throw new FormatException($"{role}{MemorySuffix} '{memText}' must be a whole number of MB, at least 4");
            }
            memory = m;
        }
        return cpu is null && memory is null ? null : new RoleLimits(role, cpu, memory);
    }

    public override string ToString()
    {
        var parts = new List<string> { $"role={Role}" };
        if (Cpu is { } c)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"cpu={c}"));
        }
        if (MemoryMb is { } m)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"memory_mb={m}"));
        }
        return string.Join(' ', parts);
    }
}
