using StreamLab.Core.RunEnvironment;

namespace StreamLab.Collectors.Limits;

/// <summary>The cgroups made for one role of one record; disposing removes them.</summary>
internal sealed class CgroupLimit(string applied, string? warning, IReadOnlyList<string> directories, string? oomFile, string oomKey) : IAppliedLimit
{
    public string Applied { get; } = applied;

    public string? Warning { get; } = warning;

    /// <summary>The <c>oom_kill</c> count of v1's memory.oom_control or v2's memory.events.</summary>
    public int OomKills()
    {
        if (oomFile is null)
        {
            return 0;
        }
        try
        {
            foreach (var line in File.ReadLines(oomFile))
            {
                var parts = line.Split(' ');
                if (parts.Length == 2 && parts[0] == oomKey && int.TryParse(parts[1], out var kills))
                {
                    return kills;
                }
            }
        }
        catch (IOException)
        {
        }
        return 0;
    }

    public void Dispose() => Remove(directories);

    /// <summary>Removes the cgroups (the roles are stopped by then); retries while the last exits are reaped.</summary>
    internal static void Remove(IReadOnlyList<string> directories)
    {
        foreach (var dir in directories)
        {
            for (var attempt = 0; attempt < 20 && Directory.Exists(dir); attempt++)
            {
                try
                {
                    Directory.Delete(dir); // rmdir: a cgroup's files are not real files
                }
                catch (IOException)
                {
                    Thread.Sleep(50);
                }
            }
        }
    }
}
