using StreamLab.Core.Running;

namespace StreamLab.Collectors.Processes;

/// <summary>
/// Finds a role's executable before starting it, because behind setsid a missing program would
/// only show up as "setsid: failed to execute" and exit code 1 instead of a clear start failure.
/// </summary>
internal static class ExecutableResolver
{
    private const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>An absolute path for a bare name (looked up on the role's PATH), else argv[0] as given.</summary>
    public static string Resolve(RoleLaunch launch, string cwd)
    {
        if (launch.Argv.Count == 0 || string.IsNullOrWhiteSpace(launch.Argv[0]))
        {
            throw new RoleFailedException(launch.Role, "cannot start: the command is empty");
        }
        var name = launch.Argv[0];
        if (name.Contains('/'))
        {
            var full = Path.GetFullPath(name, cwd);
            if (!File.Exists(full))
            {
                throw new RoleFailedException(launch.Role, $"cannot start '{name}': no such file ({full})");
            }
            if (!IsExecutable(full))
            {
                throw new RoleFailedException(launch.Role, $"cannot start '{name}': {full} is not executable");
            }
            return name; // setsid runs in cwd, so a relative path still means the same file
        }
        var path = launch.Environment.TryGetValue("PATH", out var rolePath) ? rolePath : Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(Path.GetFullPath(dir, cwd), name);
            if (File.Exists(candidate) && IsExecutable(candidate))
            {
                return candidate;
            }
        }
        throw new RoleFailedException(launch.Role, $"cannot start '{name}': executable not found on PATH ({path})");
    }

    private static bool IsExecutable(string file) =>
        OperatingSystem.IsWindows() || (File.GetUnixFileMode(file) & AnyExecute) != 0;
}
