using System.ComponentModel;
using System.Diagnostics;
using StreamLab.Core.Running;

namespace StreamLab.Collectors.Processes;

/// <summary>
/// Starts each role through <c>setsid</c> so it leads its own session and process group and its
/// whole tree can be signalled. util-linux setsid execs in place when its caller is not a group
/// leader (a freshly forked child never is), so the pid .NET reports is the role's own pid.
/// </summary>
public sealed class RoleLauncher(TimeProvider? clock = null) : IRoleLauncher
{
    private static readonly string[] SetsidCandidates = ["/usr/bin/setsid", "/bin/setsid"];
    private static readonly Lazy<bool> Subreaper = new(Libc.SetChildSubreaper);

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>util-linux setsid, or null when it is not installed.</summary>
    internal static string? Setsid { get; } = SetsidCandidates.FirstOrDefault(File.Exists);

    /// <summary>
    /// Orphaned grandchildren of roles are reparented to StreamLab instead of init, so their pids
    /// stay reserved until <see cref="RoleTree.ReapOrphans"/> reaps them (.NET only waits for the
    /// children it started) and a kill by pid can never hit a recycled one.
    /// </summary>
    internal static bool IsSubreaper => Subreaper.Value;

    public IRoleProcess Start(RoleLaunch launch)
    {
        _ = Subreaper.Value;
        launch = launch with { Argv = SelfCommand.Expand(launch.Argv) };
        var setsid = Setsid ?? throw new RoleFailedException(launch.Role, "cannot start: setsid (util-linux) is not installed");
        var cwd = launch.WorkingDirectory ?? Environment.CurrentDirectory;
        if (!Directory.Exists(cwd))
        {
            throw new RoleFailedException(launch.Role, $"cannot start {Name(launch)}: working directory '{cwd}' does not exist");
        }
        var executable = ExecutableResolver.Resolve(launch, cwd);
        var psi = new ProcessStartInfo(setsid)
        {
            WorkingDirectory = cwd,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.ArgumentList.Add("--");
        psi.ArgumentList.Add(executable);
        foreach (var arg in launch.Argv.Skip(1))
        {
            psi.ArgumentList.Add(arg);
        }
        foreach (var (key, value) in launch.Environment)
        {
            psi.Environment[key] = value;
        }
        var marker = Guid.NewGuid().ToString("N");
        psi.Environment[RoleTree.MarkerVariable] = marker;

        StreamWriter stdout, stderr;
        try
        {
            stdout = RoleOutput.CreateFile(launch.StdoutPath);
            stderr = RoleOutput.CreateFile(launch.StderrPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RoleFailedException(launch.Role, $"cannot start {Name(launch)}: cannot create its output files: {e.Message}");
        }

        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        try
        {
            // Registered before it exists: if StreamLab dies between the fork and the next line, the guard still
            // finds the role by its marker.
            RoleGuard.Watch(launch.Role, marker);
            process.Start();
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException or RoleFailedException)
        {
            RoleGuard.Release(marker);
            process.Dispose();
            stdout.Dispose();
            stderr.Dispose();
            throw e as RoleFailedException ?? new RoleFailedException(launch.Role, $"cannot start {Name(launch)}: {e.Message}");
        }
        // Roles never read the lab's terminal; an immediate EOF is the honest answer.
        process.StandardInput.Close();
        return new RoleProcess(launch.Role, process, marker, new RoleOutput(), stdout, stderr, _clock.GetUtcNow());
    }

    private static string Name(RoleLaunch launch) => launch.Argv.Count > 0 ? $"'{launch.Argv[0]}'" : "(empty command)";
}
