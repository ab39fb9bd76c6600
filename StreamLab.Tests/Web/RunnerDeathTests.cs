using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using StreamLab.Collectors.Processes;
using StreamLab.Tests.Collectors.Processes;
using Xunit.Abstractions;

namespace StreamLab.Tests.Web;

/// <summary>
/// A real StreamLab (`run` or `serve`) killed with SIGKILL in the middle of a record: within 2 s no process of its roles
/// is left, grandchildren and a grandchild that left the role's session included. Before the role guard, every role
/// was re-parented to init and ran until the next run on that data folder.
/// </summary>
[Trait("Category", "Slow")]
public sealed class RunnerDeathTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Allowed = TimeSpan.FromSeconds(2);
    private readonly string _dir = Directory.CreateTempSubdirectory("streamlab-runner-death-").FullName;

    private string Data => Path.Combine(_dir, "data");

    public void Dispose()
    {
        foreach (var pid in RoleProcesses())
        {
            Libc.Kill(pid, Libc.SigKill); // only if a test failed: leave nothing running
        }
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private const string SleepersCampaign = """
        name: sleepers
        duration: 60s
        roles:
          server:
            command: [sleep, "600"]
          client:
            command: [sh, -c, "sleep 600 & setsid sleep 600 & wait"]
        """;

    [Fact]
    public async Task Run_KilledWithSigkillMidRecord_LeavesNoRoleProcessWithinTwoSeconds()
    {
        var file = Path.Combine(_dir, "sleepers.yaml");
        await File.WriteAllTextAsync(file, SleepersCampaign);
        using var runner = Start("run", file);

        await WaitForRolesAsync(runner, p => p.Count >= 4); // sleep; sh, its sleep and the setsid one

        await KillAndAssertNothingSurvivesAsync(runner);
    }

    [Fact]
    public async Task Serve_KilledWithSigkillMidCampaign_LeavesNoRoleProcessWithinTwoSeconds()
    {
        var port = FreePort();
        using var server = Start("serve", "--urls", $"http://127.0.0.1:{port}");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var launched = await PostWhenUpAsync(http, server, SleepersCampaign);
        Assert.Equal(HttpStatusCode.Accepted, launched.StatusCode);

        await WaitForRolesAsync(server, p => p.Count >= 4);

        await KillAndAssertNothingSurvivesAsync(server);
    }

    [Fact]
    public async Task BuiltInLiveFfmpeg_KilledWithSigkill_TakesItsFfmpegChildrenAlong()
    {
        var file = Path.Combine(_dir, "ffmpeg.yaml");
        await File.WriteAllTextAsync(file, """
            name: ffmpeg-kill
            stack: live-ffmpeg
            duration: 60s
            params: { bitrate_kbps: 500, fps: 15, resolution: 480p, preset: ultrafast, tune: zerolatency, transport: udp, calibrate_s: 1 }
            """);
        using var runner = Start("run", file);

        // Both roles (streamlab sut …) run, and ffmpeg under them.
        await WaitForRolesAsync(runner, p => p.Count(pid => Comm(pid) == "streamlab") >= 2 && p.Count(pid => Comm(pid) == "ffmpeg") >= 2,
            TimeSpan.FromSeconds(120));

        await KillAndAssertNothingSurvivesAsync(runner);
    }

    private Process Start(params string[] args)
    {
        var psi = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "streamlab"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _dir,
        };
        foreach (var arg in args.Append("--data").Append(Data))
        {
            psi.ArgumentList.Add(arg);
        }
        var process = Process.Start(psi)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.WriteLine($"stderr: {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task KillAndAssertNothingSurvivesAsync(Process streamlab)
    {
        var before = RoleProcesses();
        var watch = Stopwatch.StartNew();
        streamlab.Kill(entireProcessTree: false); // SIGKILL to StreamLab alone, as `kill -9 PID` does
        var left = await ProcFacts.EventuallyAsync(RoleProcesses, p => p.Count == 0, TimeSpan.FromSeconds(10));
        var elapsed = watch.Elapsed;
        output.WriteLine($"{before.Count} role process(es) before the kill ({string.Join(", ", before.Select(Comm))}); none left after {elapsed.TotalMilliseconds:0} ms");

        Assert.True(left.Count == 0, $"still running 10 s after the kill: {string.Join(", ", left.Select(p => $"{p} {Comm(p)}"))}");
        Assert.True(elapsed <= Allowed + TimeSpan.FromMilliseconds(100), $"roles outlived StreamLab by {elapsed.TotalMilliseconds:0} ms");
    }

    private async Task WaitForRolesAsync(Process streamlab, Func<IReadOnlyList<int>, bool> ready, TimeSpan? limit = null)
    {
        var deadline = Stopwatch.StartNew();
        while (!ready(RoleProcesses()))
        {
            Assert.False(streamlab.HasExited, $"StreamLab exited with {(streamlab.HasExited ? streamlab.ExitCode : 0)} before its roles ran");
            Assert.True(deadline.Elapsed < (limit ?? TimeSpan.FromSeconds(90)), "the roles did not start in time");
            await Task.Delay(100);
        }
    }

    private static async Task<HttpResponseMessage> PostWhenUpAsync(HttpClient http, Process server, string yaml)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await http.PostAsync("/api/campaigns", new StringContent(yaml, Encoding.UTF8, "application/yaml"));
            }
            catch (HttpRequestException) when (deadline.Elapsed < TimeSpan.FromSeconds(60) && !server.HasExited)
            {
                await Task.Delay(200); // not listening yet
            }
        }
    }

    /// <summary>Live (not zombie) processes whose environment names a record folder of this test's data folder.</summary>
    private IReadOnlyList<int> RoleProcesses()
    {
        var entry = Encoding.UTF8.GetBytes($"STREAMLAB_RECORD_DIR={Path.Combine(Data, "records")}/");
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }
            try
            {
                var environ = File.ReadAllBytes(Path.Combine(dir, "environ"));
                if (environ.AsSpan().IndexOf(entry) >= 0 && ProcFacts.StatFields(pid)[0] != "Z")
                {
                    found.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // gone meanwhile
            }
        }
        return found;
    }

    private static string Comm(int pid)
    {
        try
        {
            return ProcFacts.Comm(pid);
        }
        catch (IOException)
        {
            return "?";
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
