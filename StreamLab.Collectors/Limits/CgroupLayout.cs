namespace StreamLab.Collectors.Limits;

/// <summary>
/// Where the cgroup controllers StreamLab needs are mounted, read from /proc/self/mountinfo:
/// a cgroup2 mount whose <c>cgroup.controllers</c> lists cpu and memory, else the v1 hierarchies
/// mounted with the <c>cpu</c> and <c>memory</c> options (this machine: v1 only).
/// </summary>
internal sealed record CgroupLayout(string? V2Root, string? V1Cpu, string? V1Memory)
{
    public static CgroupLayout Detect(string mountInfo = "/proc/self/mountinfo")
    {
        string? v2 = null, cpu = null, memory = null;
        foreach (var line in File.ReadLines(mountInfo))
        {
            // 36 25 0:31 / /sys/fs/cgroup/cpu rw,relatime shared:9 - cgroup cgroup rw,cpu
            var sides = line.Split(" - ", 2);
            if (sides.Length != 2)
            {
                continue;
            }
            var left = sides[0].Split(' ');
            var right = sides[1].Split(' ');
            if (left.Length < 5 || right.Length < 3)
            {
                continue;
            }
            var mountPoint = left[4].Replace("\\040", " ", StringComparison.Ordinal);
            var options = right[2].Split(',');
            if (right[0] == "cgroup2" && HasControllers(mountPoint))
            {
                v2 ??= mountPoint;
            }
            else if (right[0] == "cgroup")
            {
                if (options.Contains("cpu"))
                {
                    cpu ??= mountPoint;
                }
                if (options.Contains("memory"))
                {
                    memory ??= mountPoint;
                }
            }
        }
        return new CgroupLayout(v2, cpu, memory);
    }

    private static bool HasControllers(string mountPoint)
    {
        try
        {
            var controllers = File.ReadAllText(Path.Combine(mountPoint, "cgroup.controllers")).Split(' ', StringSplitOptions.TrimEntries);
            return controllers.Contains("cpu") && controllers.Contains("memory");
        }
        catch (IOException)
        {
            return false;
        }
    }
}
