using System.Diagnostics;
using StreamLab.Core.Campaigns;
using StreamLab.Core.Running;

namespace StreamLab.Collectors.Processes;

/// <summary>A running role: its main process (a session leader), its whole tree, its output files.</summary>
public sealed class RoleProcess : IRoleProcess
{
    private static readonly TimeSpan DisposeGrace = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan KillWait = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan OutputWait = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan SharedReadAge = TimeSpan.FromMilliseconds(20);

    private readonly Process _process;
    private readonly RoleOutput _output;
    private readonly RoleTree _tree;
    private readonly string _marker;
    private readonly Task _pumps;
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _stopLock = new();
    private Task<int>? _stopping;

    internal RoleProcess(string role, Process process, string marker, RoleOutput output, StreamWriter stdout, StreamWriter stderr, DateTimeOffset startedAt)
    {
        Role = role;
        _process = process;
        _output = output;
        Pid = process.Id;
        StartedAt = startedAt;
        var startTime = ProcStat.Read(Pid)?.StartTime ?? ProcStat.BootTicksNow();
        _marker = marker;
        _tree = new RoleTree(Pid, startTime, marker);
        RoleTreeTracker.Register(_tree);
        RoleGuard.WatchGroup(role, marker, Pid, startTime);
        _pumps = Task.WhenAll(
            Task.Run(() => output.PumpAsync(process.StandardOutput, stdout, isStderr: false)),
            Task.Run(() => output.PumpAsync(process.StandardError, stderr, isStderr: true)));
        process.Exited += (_, _) => _ = CompleteExitAsync();
        if (process.HasExited)
        {
            _ = CompleteExitAsync();
        }
    }

    /// <summary>
    /// Reports the exit only once the last output lines are read (or after a short wait, since a
    /// surviving grandchild can hold the pipes open), so a failure reason has the final stderr lines.
    /// </summary>
    private async Task CompleteExitAsync()
    {
        await Task.WhenAny(_pumps, Task.Delay(OutputWait));
        _exited.TrySetResult(_process.ExitCode);
    }

    public string Role { get; }
    public int Pid { get; }
    public DateTimeOffset StartedAt { get; }
    public Task<int> Exited => _exited.Task;

    public async Task WaitReadyAsync(ReadySpec ready, CancellationToken ct)
    {
        var check = new ReadinessCheck(ready, _output);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(ready.Timeout);
        var checking = check.RunAsync(Role, deadline.Token);
        var first = await Task.WhenAny(checking, Exited);
        if (first == checking)
        {
            try
            {
                await checking;
                return;
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new RoleFailedException(Role, $"not ready after {Format(ready.Timeout)}: {check.LastFailure}");
            }
        }
        await deadline.CancelAsync();
        // The last words on stderr are usually the reason; give the pipe a moment to deliver them.
        await Task.WhenAny(_pumps, Task.Delay(TimeSpan.FromMilliseconds(500), CancellationToken.None));
        var tail = StderrTail(5);
        var stderr = tail.Count == 0 ? "" : "; stderr: " + string.Join(" | ", tail);
        throw new RoleFailedException(Role, $"exited with code {await Exited} before ready{stderr}");
    }

    public IReadOnlyList<string> StderrTail(int lines) => _output.StderrTail(lines);

    public IReadOnlyList<int> TreePids()
    {
        // StreamLab's descendants, not all of /proc; the roles sampled together share one read.
        var members = _tree.Members(RoleTreeTracker.Table(SharedReadAge));
        _tree.ReapOrphans(members);
        return [.. members.Where(p => !p.IsZombie).Select(p => p.Pid)];
    }

    public Task<int> StopAsync(TimeSpan grace)
    {
        lock (_stopLock)
        {
            return _stopping ??= Task.Run(() => StopCoreAsync(grace));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(DisposeGrace);
        _process.Dispose();
    }

    private async Task<int> StopCoreAsync(TimeSpan grace)
    {
        try
        {
            var wasRunning = !Exited.IsCompleted;
            var termed = Signal(Libc.SigTerm, wasRunning);
            if (wasRunning)
            {
                await Task.WhenAny(Exited, Task.Delay(grace));
            }
            else if (termed > 0)
            {
                await WaitUntilGoneAsync(grace);
            }
            // Processes may have forked since the SIGTERM: every round re-scans, kills what it finds,
            // and waits for it to die; a final scan confirms nothing is left.
            for (var round = 0; round < 5 && Signal(Libc.SigKill, !Exited.IsCompleted) > 0; round++)
            {
                await WaitUntilGoneAsync(KillWait);
            }
            int code;
            try
            {
                code = await Exited.WaitAsync(KillWait);
            }
            catch (TimeoutException)
            {
                code = 128 + Libc.SigKill; // stuck in the kernel (D state): report it as the kill it will be
            }
            await Task.WhenAny(_pumps, Task.Delay(OutputWait));
            _tree.ReapOrphans(_tree.Members());
            return code;
        }
        finally
        {
            RoleTreeTracker.Unregister(_tree);
            RoleGuard.Release(_marker);
        }
    }

    /// <summary>Signals the process group (while the leader is unreaped its pid cannot be reused) and every live member; returns how many members were alive.</summary>
    private int Signal(int signal, bool leaderUnreaped)
    {
        if (leaderUnreaped)
        {
            Libc.Kill(-Pid, signal);
        }
        var alive = 0;
        var members = _tree.Members();
        foreach (var p in members.Where(p => !p.IsZombie))
        {
            alive++;
            Libc.Kill(p.Pid, signal);
        }
        _tree.ReapOrphans(members);
        return alive;
    }

    private async Task WaitUntilGoneAsync(TimeSpan limit)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < limit)
        {
            var members = _tree.Members();
            _tree.ReapOrphans(members);
            if (members.All(p => p.IsZombie))
            {
                return;
            }
            await Task.Delay(20);
        }
    }

    private static string Format(TimeSpan t) =>
        t.TotalSeconds >= 1 ? $"{t.TotalSeconds:0.###}s" : $"{t.TotalMilliseconds:0}ms";
}
