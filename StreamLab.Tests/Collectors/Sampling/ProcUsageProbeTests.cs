using StreamLab.Collectors.Processes;
using StreamLab.Collectors.Sampling;
using StreamLab.Core.Running;

namespace StreamLab.Tests.Collectors.Sampling;

[Trait("Category", "Slow")]
[Collection(nameof(CpuMeasurements))]
public sealed class ProcUsageProbeTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly ProcUsageProbeFactory _probes = new();

    public void Dispose() => _dir.Dispose();

    private IRoleProcess Start(string script) => new RoleLauncher().Start(new RoleLaunch(
        "probe", ["/bin/sh", "-c", script], _dir.Path, new Dictionary<string, string>(), _dir.File("out"), _dir.File("err")));

    // Other work may share this machine's two cores, so a busy loop is not guaranteed a whole core:
    // the probe is checked against the kernel's own run-time accounting (/proc/<pid>/schedstat,
    // nanoseconds on CPU), a source independent of the utime/stime ticks the probe reads.
    [Fact]
    public async Task TreeProbe_BusyLoop_ReadsTheCpuTheKernelScheduled()
    {
        await using var role = Start("while :; do :; done");
        var probe = _probes.ForProcessTree(role.TreePids);
        var before = RunNs(role.TreePids());
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await Task.Delay(1000);
        var reading = probe.Read();
        var scheduledPct = (RunNs(role.TreePids()) - before) / 1e9 / watch.Elapsed.TotalSeconds * 100;

        Assert.NotNull(reading);
        Assert.InRange(scheduledPct, 20, 110); // busy, as far as the machine's other load allowed
        Assert.InRange(reading.Value.CpuPct, scheduledPct - 25, scheduledPct + 25);
        Assert.True(reading.Value.MemoryMb > 0);
    }

    [Fact]
    public async Task TreeProbe_BusyGrandchildren_AreSummed()
    {
        await using var role = Start("sh -c 'while :; do :; done' & sh -c 'while :; do :; done' & wait");
        var pids = await ProcFactsEventually(role, 3);
        var probe = _probes.ForProcessTree(role.TreePids);
        var before = RunNs(pids);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await Task.Delay(1000);
        var reading = probe.Read();
        var scheduledPct = (RunNs(pids) - before) / 1e9 / watch.Elapsed.TotalSeconds * 100;

        Assert.NotNull(reading);
        Assert.InRange(scheduledPct, 20, 220); // busy, as far as the machine's other load allowed
        Assert.InRange(reading.Value.CpuPct, scheduledPct - 30, scheduledPct + 30);
    }

    [Fact]
    public async Task TreeProbe_ChildReapedBetweenReads_IsCountedOnceThroughItsParent()
    {
        // With a clock that advances exactly one second per read, each reading is the CPU seconds
        // of its interval; their sum must equal what the root and its reaped child used in total.
        var clock = new SteppingClock();
        await using var role = Start("timeout 0.6 sh -c 'while :; do :; done'; exec sleep 1000");
        var tree = await ProcFactsEventually(role, 3);
        var ticksBefore = tree.Sum(TotalTicks); // what the tree used before the probe existed
        var probe = new ProcUsageProbeFactory(clock).ForProcessTree(role.TreePids);
        await Task.Delay(200);
        var during = probe.Read();
        await Processes.ProcFacts.EventuallyAsync(role.TreePids, p => p.Count == 1);
        var after = probe.Read();

        var rootAndReapedTicks = TotalTicks(role.Pid) - ticksBefore;
        var measuredTicks = (during!.Value.CpuPct + after!.Value.CpuPct) / 100 * 100; // USER_HZ = 100 here
        Assert.True(rootAndReapedTicks >= 20, $"the child should have burned CPU, used {rootAndReapedTicks} ticks");
        Assert.InRange(measuredTicks, rootAndReapedTicks - 3, rootAndReapedTicks + 3);
    }

    [Fact]
    public async Task TreeProbe_SleepingProcess_ReadsNearZero()
    {
        await using var role = Start("sleep 1000");
        var probe = _probes.ForProcessTree(role.TreePids);
        await Task.Delay(500);
        var reading = probe.Read();

        Assert.NotNull(reading);
        Assert.InRange(reading.Value.CpuPct, 0, 5);
        Assert.True(reading.Value.MemoryMb > 0);
    }

    [Fact]
    public async Task TreeProbe_ProcessGone_ReadsNull()
    {
        var role = Start("sleep 1000");
        var probe = _probes.ForProcessTree(role.TreePids);
        await role.StopAsync(TimeSpan.FromSeconds(1));
        Assert.Null(probe.Read());
    }

    private static async Task<IReadOnlyList<int>> ProcFactsEventually(IRoleProcess role, int count) =>
        await Processes.ProcFacts.EventuallyAsync(role.TreePids, p => p.Count >= count);

    /// <summary>utime + stime + cutime + cstime of a process.</summary>
    private static long TotalTicks(int pid)
    {
        var fields = Processes.ProcFacts.StatFields(pid);
        return long.Parse(fields[11]) + long.Parse(fields[12]) + long.Parse(fields[13]) + long.Parse(fields[14]);
    }

    private static long RunNs(IEnumerable<int> pids) =>
        pids.Sum(pid => long.Parse(File.ReadAllText($"/proc/{pid}/schedstat").Split(' ')[0]));

    /// <summary>A clock whose every timestamp is one second after the previous one.</summary>
    private sealed class SteppingClock : TimeProvider
    {
        private long _seconds;

        public override long TimestampFrequency => 1;

        public override long GetTimestamp() => Interlocked.Increment(ref _seconds);
    }

    [Fact]
    public async Task SystemProbe_BusyLoop_ReadsAtLeastOneCoreAndUsedMemory()
    {
        await using var role = Start("while :; do :; done");
        var probe = _probes.ForSystem();
        await Task.Delay(1000);
        var reading = probe.Read();

        Assert.NotNull(reading);
        Assert.InRange(reading.Value.CpuPct, 75, 100 * Environment.ProcessorCount + 1);
        Assert.True(reading.Value.MemoryMb > 0);
    }
}
