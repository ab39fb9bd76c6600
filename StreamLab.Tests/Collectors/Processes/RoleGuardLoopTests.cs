using System.Diagnostics;
using StreamLab.Collectors.Processes;

namespace StreamLab.Tests.Collectors.Processes;

/// <summary>The guard's loop: at end of input it kills registered roles (by marker and by process group) and nothing else.</summary>
public sealed class RoleGuardLoopTests : IDisposable
{
    private readonly List<Process> _started = [];

    public void Dispose()
    {
        foreach (var process in _started)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            process.Dispose();
        }
    }

    /// <summary>`sleep 600` as the leader of its own session (setsid execs in place), optionally carrying a role marker.</summary>
    private Process Sleeper(string? marker)
    {
        var psi = new ProcessStartInfo("/usr/bin/setsid") { ArgumentList = { "--", "sleep", "600" } };
        psi.Environment.Remove("STREAMLAB_ROLE_ID");
        if (marker is not null)
        {
            psi.Environment["STREAMLAB_ROLE_ID"] = marker;
        }
        var process = Process.Start(psi)!;
        _started.Add(process);
        return process;
    }

    private static long StartTime(int pid) => long.Parse(ProcFacts.StatFields(pid)[19], System.Globalization.CultureInfo.InvariantCulture);

    private static bool Running(Process p) => !p.HasExited;

    [Fact]
    public async Task Run_AtEndOfInput_KillsMarkedRolesAndRegisteredGroups_ButNotReleasedOrRecycledOnes()
    {
        var marked = Sleeper("m-marked");
        var grouped = Sleeper(marker: null);
        var released = Sleeper("m-released");
        var recycled = Sleeper(marker: null);
        var stranger = Sleeper("m-stranger");
        await ProcFacts.EventuallyAsync(() => ProcFacts.Comm(recycled.Id), c => c == "sleep");
        var commands = string.Join('\n',
            "watch m-marked",
            $"group m-grouped {grouped.Id} {StartTime(grouped.Id)}",
            "watch m-released",
            $"group m-released {released.Id} {StartTime(released.Id)}",
            "release m-released",
            // A group whose leader pid now has another start time was recycled: not the role's any more.
            $"group m-old {recycled.Id} {StartTime(recycled.Id) - 1}",
            "nonsense line") + "\n";

        var killed = RoleGuardLoop.Run(new StringReader(commands));

        Assert.True(marked.WaitForExit(2000) && grouped.WaitForExit(2000), "marked and grouped roles are killed");
        Assert.Equal((137, 137), (marked.ExitCode, grouped.ExitCode)); // SIGKILL: .NET reports 128 + 9
        Assert.True(Running(released) && Running(recycled) && Running(stranger), "released, recycled and unknown processes live on");
        Assert.Equal(2, killed);
    }

    [Fact]
    public void Run_WithNothingRegistered_KillsNothing()
    {
        var stranger = Sleeper("m-x");

        Assert.Equal(0, RoleGuardLoop.Run(new StringReader("watch a\nrelease a\n")));
        Assert.True(Running(stranger));
    }
}
