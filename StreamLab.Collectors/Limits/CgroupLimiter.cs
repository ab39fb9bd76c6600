using System.Globalization;
using StreamLab.Collectors.Processes;
using StreamLab.Core.RunEnvironment;

namespace StreamLab.Collectors.Limits;

/// <summary>
/// Limits a role's process tree with a cgroup per role and record under <c>streamlab/</c>: v2
/// (<c>cpu.max</c>, <c>memory.max</c>) where its controllers exist, v1 (<c>cpu.cfs_quota_us</c>,
/// <c>memory.limit_in_bytes</c>) otherwise. Without permission it falls back to CPU affinity
/// (whole cores, rounded up) and says so; a memory limit then is not applied, and says so too.
/// </summary>
public sealed class CgroupLimiter : IResourceLimiter
{
    private const long CpuPeriodUs = 100_000;
    private readonly CgroupLayout _layout;

    public CgroupLimiter() : this(CgroupLayout.Detect())
    {
    }

    internal CgroupLimiter(CgroupLayout layout) => _layout = layout;

    public IAppliedLimit Apply(RoleLimits limits, string scopeName, IReadOnlyList<int> pids)
    {
        var created = new List<string>();
        try
        {
            var applied = _layout.V2Root is { } root ? ApplyV2(root, limits, scopeName, pids, created) : ApplyV1(limits, scopeName, pids, created);
            return new CgroupLimit(applied.Text, applied.Warning, created, applied.OomFile, applied.OomKey);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            CgroupLimit.Remove(created);
            return Fallback(limits, pids, $"cgroups not usable ({e.Message})");
        }
    }

    private (string Text, string? Warning, string? OomFile, string OomKey) ApplyV1(RoleLimits limits, string scope, IReadOnlyList<int> pids, List<string> created)
    {
        var parts = new List<string>();
        string? oomFile = null;
        string? warning = null;
        if (limits.Cpu is { } cores)
        {
            if (_layout.V1Cpu is not { } cpuRoot)
            {
                return FallbackTuple(limits, pids, "no cpu cgroup controller is mounted");
            }
            var dir = Create(cpuRoot, scope, created);
            File.WriteAllText(Path.Combine(dir, "cpu.cfs_period_us"), CpuPeriodUs.ToString(CultureInfo.InvariantCulture));
            File.WriteAllText(Path.Combine(dir, "cpu.cfs_quota_us"), Quota(cores).ToString(CultureInfo.InvariantCulture));
            Move(dir, pids);
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"cpu={cores}"));
        }
        if (limits.MemoryMb is { } mb)
        {
            if (_layout.V1Memory is not { } memRoot)
            {
                warning = "memory limit not applied: no memory cgroup controller is mounted";
            }
            else
            {
                var dir = Create(memRoot, scope, created);
                File.WriteAllText(Path.Combine(dir, "memory.limit_in_bytes"), (mb * 1024 * 1024).ToString(CultureInfo.InvariantCulture));
                Move(dir, pids);
                oomFile = Path.Combine(dir, "memory.oom_control");
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"memory_mb={mb}"));
            }
        }
        parts.Add("via=cgroup-v1");
        return (string.Join(' ', parts), warning, oomFile, "oom_kill");
    }

    private static (string Text, string? Warning, string? OomFile, string OomKey) ApplyV2(string root, RoleLimits limits, string scope, IReadOnlyList<int> pids, List<string> created)
    {
        // Controllers must be enabled in every ancestor's subtree_control to be usable below it.
        File.WriteAllText(Path.Combine(root, "cgroup.subtree_control"), "+cpu +memory");
        var parent = Path.Combine(root, "streamlab");
        Directory.CreateDirectory(parent);
        File.WriteAllText(Path.Combine(parent, "cgroup.subtree_control"), "+cpu +memory");
        var dir = Create(root, scope, created);
        var parts = new List<string>();
        if (limits.Cpu is { } cores)
        {
            File.WriteAllText(Path.Combine(dir, "cpu.max"), string.Create(CultureInfo.InvariantCulture, $"{Quota(cores)} {CpuPeriodUs}"));
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"cpu={cores}"));
        }
        if (limits.MemoryMb is { } mb)
        {
            File.WriteAllText(Path.Combine(dir, "memory.max"), (mb * 1024 * 1024).ToString(CultureInfo.InvariantCulture));
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"memory_mb={mb}"));
        }
        Move(dir, pids);
        parts.Add("via=cgroup-v2");
        return (string.Join(' ', parts), null, limits.MemoryMb is null ? null : Path.Combine(dir, "memory.events"), "oom_kill");
    }

    private static long Quota(double cores) => Math.Max(1_000, (long)Math.Round(cores * CpuPeriodUs));

    private static string Create(string root, string scope, List<string> created)
    {
        var dir = Path.Combine(root, "streamlab", scope);
        Directory.CreateDirectory(dir);
        created.Add(dir);
        return dir;
    }

    /// <summary>Moves every process of the tree; one that already exited is skipped.</summary>
    private static void Move(string dir, IReadOnlyList<int> pids)
    {
        foreach (var pid in pids)
        {
            try
            {
                File.WriteAllText(Path.Combine(dir, "cgroup.procs"), pid.ToString(CultureInfo.InvariantCulture));
            }
            catch (IOException) when (!Directory.Exists($"/proc/{pid}"))
            {
            }
        }
    }

    private static CgroupLimit Fallback(RoleLimits limits, IReadOnlyList<int> pids, string why)
    {
        var (text, warning, _, _) = FallbackTuple(limits, pids, why);
        return new CgroupLimit(text, warning, [], null, "");
    }

    private static (string Text, string? Warning, string? OomFile, string OomKey) FallbackTuple(RoleLimits limits, IReadOnlyList<int> pids, string why)
    {
        var parts = new List<string>();
        var warnings = new List<string> { why };
        if (limits.Cpu is { } cores)
        {
            var whole = Math.Min(Environment.ProcessorCount, (int)Math.Ceiling(cores));
            var pinned = pids.Count(pid => Libc.PinToFirstCores(pid, whole));
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"cpu={whole} via=affinity"));
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"cpu {cores} applied as affinity to {whole} whole core(s) ({pinned} of {pids.Count} processes; children forked later follow)"));
        }
        if (limits.MemoryMb is not null)
        {
            warnings.Add("memory limit not applied");
        }
        return (parts.Count == 0 ? "none" : string.Join(' ', parts), string.Join("; ", warnings), null, "");
    }
}
