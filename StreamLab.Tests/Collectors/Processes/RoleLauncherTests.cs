using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StreamLab.Collectors.Processes;
using StreamLab.Core.Campaigns;
using StreamLab.Core.Running;

namespace StreamLab.Tests.Collectors.Processes;

[Trait("Category", "Slow")]
public sealed class RoleLauncherTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly RoleLauncher _launcher = new();

    public void Dispose() => _dir.Dispose();

    private RoleLaunch Launch(params string[] argv) =>
        new("srv", argv, _dir.Path, new Dictionary<string, string> { ["GREETING"] = "hello" }, _dir.File("out.log"), _dir.File("err.log"));

    private RoleLaunch Sh(string script) => Launch("/bin/sh", "-c", script);

    [Fact]
    public async Task Start_ExecsInPlaceAsSessionLeader_SoThePidIsTheRoles()
    {
        await using var role = _launcher.Start(Launch("sleep", "1000"));
        var comm = await ProcFacts.EventuallyAsync(() => ProcFacts.Comm(role.Pid), c => c == "sleep");
        var fields = ProcFacts.StatFields(role.Pid);

        Assert.Equal("sleep", comm);
        Assert.Equal(role.Pid.ToString(), fields[2]); // process group
        Assert.Equal(role.Pid.ToString(), fields[3]); // session
        Assert.Equal(Environment.ProcessId.ToString(), fields[1]);
    }

    [Fact]
    public async Task Start_WritesStdoutAndStderrFiles_WithWorkingDirectoryAndEnvironment()
    {
        await using var role = _launcher.Start(Sh("echo \"$GREETING from $(pwd)\"; echo oops >&2; echo second >&2; sleep 1000"));
        var stdout = await ProcFacts.EventuallyAsync(() => File.ReadAllText(_dir.File("out.log")), t => t.Contains('\n'));
        var stderr = await ProcFacts.EventuallyAsync(() => File.ReadAllText(_dir.File("err.log")), t => t.Contains("second"));

        Assert.Equal($"hello from {_dir.Path}\n", stdout); // readable while the role still runs
        Assert.Equal("oops\nsecond\n", stderr);
        Assert.Equal(["oops", "second"], role.StderrTail(10));
        Assert.Equal(["second"], role.StderrTail(1));
    }

    [Fact]
    public async Task Exited_CompletesOnlyAfterTheLastStderrLinesAreRead()
    {
        for (var i = 0; i < 20; i++)
        {
            await using var role = _launcher.Start(Sh($"echo 'last words {i}' >&2; exit 4"));
            Assert.Equal(4, await role.Exited);
            Assert.Equal([$"last words {i}"], role.StderrTail(5));
        }
    }

    [Fact]
    public async Task StderrTail_KeepsOnlyTheLastFiftyLines()
    {
        await using var role = _launcher.Start(Sh("i=0; while [ $i -lt 120 ]; do echo line$i >&2; i=$((i+1)); done"));
        Assert.Equal(0, await role.Exited);
        await role.StopAsync(TimeSpan.FromSeconds(1));

        var tail = role.StderrTail(1000);
        Assert.Equal(50, tail.Count);
        Assert.Equal("line70", tail[0]);
        Assert.Equal("line119", tail[^1]);
        Assert.Equal(120, File.ReadAllLines(_dir.File("err.log")).Length);
    }

    [Fact]
    public void Start_MissingExecutable_FailsNamingIt()
    {
        var e = Assert.Throws<RoleFailedException>(() => _launcher.Start(Launch("no-such-streamlab-server", "--port", "1")));
        Assert.Equal("srv", e.Role);
        Assert.Contains("'no-such-streamlab-server'", e.Reason);
        Assert.Contains("not found on PATH", e.Reason);
    }

    [Fact]
    public void Start_MissingWorkingDirectory_FailsNamingIt()
    {
        var launch = Launch("sleep", "1") with { WorkingDirectory = "/no/such/dir" };
        var e = Assert.Throws<RoleFailedException>(() => _launcher.Start(launch));
        Assert.Contains("'/no/such/dir' does not exist", e.Reason);
        Assert.Contains("'sleep'", e.Reason);
    }

    [Fact]
    public async Task Stop_RoleIgnoringSigterm_IsKilledAfterGraceWithItsChildren()
    {
        await using var role = _launcher.Start(Sh("trap '' TERM; sleep 1000 & sleep 1000 & wait"));
        var pids = await ProcFacts.EventuallyAsync(role.TreePids, p => p.Count >= 3);
        Assert.True(pids.Count >= 3, $"tree: {string.Join(",", pids)}");
        Assert.Equal(role.Pid, pids[0]);

        var watch = Stopwatch.StartNew();
        var code = await role.StopAsync(TimeSpan.FromMilliseconds(500));

        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(450), $"stopped after {watch.Elapsed}");
        Assert.Equal(128 + 9, code);
        Assert.All(pids, pid => Assert.False(ProcFacts.IsAlive(pid), $"pid {pid} survived"));
        Assert.Empty(role.TreePids());
    }

    [Fact]
    public async Task Stop_RoleHonouringSigterm_ReturnsSignalExitCodeBeforeGrace()
    {
        await using var role = _launcher.Start(Launch("sleep", "1000"));
        var watch = Stopwatch.StartNew();
        var code = await role.StopAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(128 + 15, code);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5));
        Assert.Equal(code, await role.StopAsync(TimeSpan.FromSeconds(10))); // idempotent
    }

    [Fact]
    public async Task Stop_CalledConcurrently_StopsOnceWithOneAnswer()
    {
        await using var role = _launcher.Start(Sh("trap '' TERM; sleep 1000"));
        await ProcFacts.EventuallyAsync(role.TreePids, p => p.Count >= 2); // the trap is set before sleep starts
        var codes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => role.StopAsync(TimeSpan.FromMilliseconds(200)))));
        Assert.All(codes, c => Assert.Equal(137, c));
    }

    [Fact]
    public async Task Stop_DoubleForkedGrandchild_LeavesNothingRunning()
    {
        await using var role = _launcher.Start(Sh("(sleep 1000 &) ; sleep 1000"));
        var pids = await ProcFacts.EventuallyAsync(role.TreePids, p => p.Count >= 3);
        Assert.Equal(3, pids.Count);

        await role.StopAsync(TimeSpan.FromSeconds(1));

        Assert.All(pids, pid => Assert.False(ProcFacts.IsAlive(pid), $"pid {pid} survived"));
    }

    [Fact]
    public async Task Stop_DaemonThatLeavesTheSession_IsStillFoundAndKilled()
    {
        // Double fork plus setsid: the daemon is in neither the ppid tree nor the session.
        var marker = Guid.NewGuid().ToString("N");
        await using var role = _launcher.Start(Sh($"(setsid sleep 1001{marker.Length} &) ; exec sleep 1000"));
        var daemon = await ProcFacts.EventuallyAsync(() => FindSleep($"1001{marker.Length}"), p => p is not null);
        Assert.NotNull(daemon);
        Assert.Equal(daemon.Value.ToString(), ProcFacts.StatFields(daemon.Value)[3]); // its own session

        var tree = await ProcFacts.EventuallyAsync(role.TreePids, p => p.Contains(daemon.Value));
        Assert.Contains(daemon.Value, tree);

        await role.StopAsync(TimeSpan.FromSeconds(1));
        Assert.False(ProcFacts.IsAlive(daemon.Value), "the daemon survived its role");
    }

    [Fact]
    public async Task Tracking_OrphanThatDiesWhileTheRoleRuns_IsReapedNotLeftAZombie()
    {
        // .NET waits only for the children it started, so an orphan reparented to StreamLab (its
        // subreaper) stays a zombie unless the role's tracking reaps it.
        Assert.True(RoleLauncher.IsSubreaper);
        await using var role = _launcher.Start(Sh("(sleep 1.5 &) ; sleep 1000"));
        // The orphan is reparented only once its subshell has exited: wait for that, not for a pid count.
        var me = Environment.ProcessId.ToString();
        var pids = await ProcFacts.EventuallyAsync(role.TreePids,
            p => p.Any(pid => pid != role.Pid && ProcFacts.ParentOf(pid) == me));
        var orphan = pids.Single(pid => pid != role.Pid && ProcFacts.ParentOf(pid) == me);

        var alive = await ProcFacts.EventuallyAsync(() => ProcFacts.IsAlive(orphan), alive => !alive, TimeSpan.FromSeconds(5));

        Assert.False(alive, $"orphan {orphan} is still in /proc ({(ProcFacts.IsAlive(orphan) ? ProcFacts.StatFields(orphan)[0] : "-")})");
    }

    [Fact]
    public async Task Stop_AfterMainExited_StillKillsLeftoverChildren()
    {
        await using var role = _launcher.Start(Sh("sleep 1000 & echo started"));
        Assert.Equal(0, await role.Exited);
        var leftovers = await ProcFacts.EventuallyAsync(role.TreePids, p => p.Count >= 1);
        Assert.Single(leftovers);

        Assert.Equal(0, await role.StopAsync(TimeSpan.FromSeconds(1)));
        Assert.False(ProcFacts.IsAlive(leftovers[0]));
    }

    [Fact]
    public async Task Exited_CompletesWhenMainExits_EvenIfAGrandchildHoldsStdoutOpen()
    {
        await using var role = _launcher.Start(Sh("sleep 1000 & exit 4"));
        Assert.Equal(4, await role.Exited.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task WaitReady_Tcp_SucceedsOnceTheRoleListens()
    {
        var port = FreePort();
        await using var role = _launcher.Start(Launch("/usr/bin/python3", "-c",
            $"import socket,time; time.sleep(0.3); s=socket.socket(); s.bind(('127.0.0.1',{port})); s.listen(); time.sleep(1000)"));
        await role.WaitReadyAsync(new ReadySpec(ReadyKind.Tcp, $"127.0.0.1:{port}", TimeSpan.FromSeconds(10)), CancellationToken.None);
    }

    [Fact]
    public async Task WaitReady_TcpNobodyListens_TimesOutSayingRefused()
    {
        var port = FreePort();
        await using var role = _launcher.Start(Launch("sleep", "1000"));
        var e = await Assert.ThrowsAsync<RoleFailedException>(() =>
            role.WaitReadyAsync(new ReadySpec(ReadyKind.Tcp, $"127.0.0.1:{port}", TimeSpan.FromMilliseconds(700)), CancellationToken.None));
        Assert.Equal($"not ready after 700ms: tcp 127.0.0.1:{port} refused", e.Reason);
    }

    [Fact]
    public async Task WaitReady_Http_SucceedsOnA404AndTimesOutOn503()
    {
        var port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        _ = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                var context = await listener.GetContextAsync();
                context.Response.StatusCode = context.Request.Url!.AbsolutePath == "/sick" ? 503 : 404;
                context.Response.Close();
            }
        });
        await using var role = _launcher.Start(Launch("sleep", "1000"));

        await role.WaitReadyAsync(new ReadySpec(ReadyKind.Http, $"http://127.0.0.1:{port}/health", TimeSpan.FromSeconds(5)), CancellationToken.None);
        var e = await Assert.ThrowsAsync<RoleFailedException>(() =>
            role.WaitReadyAsync(new ReadySpec(ReadyKind.Http, $"http://127.0.0.1:{port}/sick", TimeSpan.FromSeconds(1)), CancellationToken.None));
        Assert.Equal($"not ready after 1s: http http://127.0.0.1:{port}/sick answered 503", e.Reason);
    }

    [Fact]
    public async Task WaitReady_Log_MatchesALineWrittenBeforeTheWaitBegan()
    {
        await using var role = _launcher.Start(Sh("echo 'boot'; echo 'listening on :7000' >&2; sleep 1000"));
        await ProcFacts.EventuallyAsync(() => role.StderrTail(5), t => t.Count > 0);
        await role.WaitReadyAsync(new ReadySpec(ReadyKind.Log, @"listening on :\d+", TimeSpan.FromSeconds(5)), CancellationToken.None);
    }

    [Fact]
    public async Task WaitReady_Log_MatchesALineWrittenLater()
    {
        await using var role = _launcher.Start(Sh("sleep 0.3; echo 'READY'; sleep 1000"));
        await role.WaitReadyAsync(new ReadySpec(ReadyKind.Log, "^READY$", TimeSpan.FromSeconds(5)), CancellationToken.None);
    }

    [Fact]
    public async Task WaitReady_LogNeverMatches_TimesOutNamingThePattern()
    {
        await using var role = _launcher.Start(Sh("echo booting; sleep 1000"));
        var e = await Assert.ThrowsAsync<RoleFailedException>(() =>
            role.WaitReadyAsync(new ReadySpec(ReadyKind.Log, "^READY$", TimeSpan.FromMilliseconds(300)), CancellationToken.None));
        Assert.Equal("not ready after 300ms: no stdout or stderr line matched /^READY$/", e.Reason);
    }

    [Fact]
    public async Task WaitReady_RoleExitsFirst_ReportsExitCodeAndStderr()
    {
        await using var role = _launcher.Start(Sh("echo 'bind: address in use' >&2; exit 3"));
        var e = await Assert.ThrowsAsync<RoleFailedException>(() =>
            role.WaitReadyAsync(new ReadySpec(ReadyKind.Tcp, "127.0.0.1:1", TimeSpan.FromSeconds(10)), CancellationToken.None));
        Assert.Equal("exited with code 3 before ready; stderr: bind: address in use", e.Reason);
        Assert.Equal("role 'srv': exited with code 3 before ready; stderr: bind: address in use", e.Message);
    }

    [Fact]
    public async Task WaitReady_Cancelled_ThrowsOperationCanceled()
    {
        await using var role = _launcher.Start(Launch("sleep", "1000"));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            role.WaitReadyAsync(new ReadySpec(ReadyKind.Log, "never", TimeSpan.FromSeconds(10)), cts.Token));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static int? FindSleep(string argument)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (int.TryParse(Path.GetFileName(dir), out var pid)
                    && File.ReadAllText($"{dir}/cmdline") == $"sleep\0{argument}\0")
                {
                    return pid;
                }
            }
            catch (IOException)
            {
            }
        }
        return null;
    }
}
