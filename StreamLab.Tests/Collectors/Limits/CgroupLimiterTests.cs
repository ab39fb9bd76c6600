using StreamLab.Collectors.Limits;
using StreamLab.Core.Storage;

namespace StreamLab.Tests.Collectors.Limits;

public class CgroupLayoutTests
{
    [Fact]
    public void Detect_FindsV1CpuAndMemoryHierarchies_AndIgnoresAControllerlessV2()
    {
        var file = Path.GetTempFileName();
        File.WriteAllLines(file,
        [
            "30 24 0:27 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755",
            "31 30 0:28 / /sys/fs/cgroup/cpu rw,relatime shared:9 - cgroup cgroup rw,cpu",
            "32 30 0:29 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct",
            "33 30 0:30 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory",
            "34 30 0:31 / /no/such/unified rw,relatime - cgroup2 cgroup2 rw",
        ]);
        var layout = CgroupLayout.Detect(file);
        File.Delete(file);

        Assert.Equal(new CgroupLayout(null, "/sys/fs/cgroup/cpu", "/sys/fs/cgroup/memory"), layout);
    }
}

/// <summary>Real cgroups: these need root and the v1 cpu/memory controllers this machine (and CI) has.</summary>
[Trait("Category", "Slow")]
[Collection(nameof(CpuMeasurements))]
public class CgroupLimiterTests
{
    private static string RoleScript => Path.Combine(Repo.TestStacks, "role.py");

    private static bool CanUseCgroups() =>
        Environment.UserName == "root" && CgroupLayout.Detect() is { V1Cpu: not null, V1Memory: not null } or { V2Root: not null };

    [Fact]
    public async Task CpuLimit_CapsABusyRoleToItsShare_AndTheCgroupIsRemovedAfterwards()
    {
        Assert.True(CanUseCgroups(), "this test needs root and cgroup cpu/memory controllers (CI runs as root)");
        await using var lab = await Lab.StartAsync();
        var outcome = Assert.Single((await lab.RunAsync(lab.Campaign($$"""
            name: cpu-limit
            duration: 3s
            warmup: 500ms
            sample_interval: 500ms
            params: { r_cpu: 0.25 }
            roles:
              r:
                command: ["python3", "{{RoleScript}}", "--busy", "--tag", "{tag}"]
            """))).Outcomes);

        Assert.True(outcome.Status == RecordStatus.Succeeded, outcome.Reason);
        Assert.InRange(outcome.Summary["cpu_pct_r"], 15, 35); // a busy loop capped at a quarter core
        var events = (await lab.Store.LoadRawAsync(outcome.RecordId)).Events;
        var applied = Assert.Single(events, e => e.Kind == "limit_applied");
        Assert.Contains("cpu=0.25", applied.Detail);
        Assert.Contains("via=cgroup-v", applied.Detail);
        Assert.Contains(events, e => e.Kind == "limit_removed");
        Assert.False(Directory.Exists($"/sys/fs/cgroup/cpu/streamlab/r{outcome.RecordId}-r"));
        Assert.False(Directory.Exists($"/sys/fs/cgroup/unified/streamlab/r{outcome.RecordId}-r"));
    }

    [Fact]
    public async Task MemoryLimit_OomKillFailsTheRecordWithTheReason_AndIsAnEvent()
    {
        Assert.True(CanUseCgroups(), "this test needs root and cgroup cpu/memory controllers (CI runs as root)");
        await using var lab = await Lab.StartAsync();
        var outcome = Assert.Single((await lab.RunAsync(lab.Campaign($$"""
            name: oom
            duration: 3s
            params: { r_memory_mb: 48 }
            roles:
              r:
                command: ["python3", "{{RoleScript}}", "--allocate-mb", "256", "--tag", "{tag}"]
            """))).Outcomes);

        Assert.Equal(RecordStatus.Failed, outcome.Status);
        Assert.Contains("OOM-killed over its 48 MB memory limit", outcome.Reason);
        Assert.Contains((await lab.Store.LoadRawAsync(outcome.RecordId)).Events, e => e.Kind == "oom_kill");
        Assert.False(Directory.Exists($"/sys/fs/cgroup/memory/streamlab/r{outcome.RecordId}-r"));
        Assert.Empty(lab.Leftovers());
    }
}
