using StreamLab.Core.Running;

namespace StreamLab.Collectors.Processes;

/// <summary>
/// Finds a role's executable before starting it, because behind setsid a missing program would
/// only show up as "setsid: failed to execute" and exit code 1 instead of a clear start failure.
/// </summary>
internal static class ExecutableResolver
{
    /// <summary>An absolute path for a bare name (looked up on the role's PATH), else argv[0] as given.</summary>
    public static string Resolve(RoleLaunch launch, string cwd)
    {
        if (launch.Argv.Count == 0 || string.IsNullOrWhiteSpace(launch.Argv[0]))
        {
            throw new RoleFailedException(launch.Role, "cannot start: the command is empty");
        }
        var name = launch.Argv[0];
        var path = launch.Environment.TryGetValue("PATH", out var rolePath) ? rolePath : Environment.GetEnvironmentVariable("PATH") ?? "";
        var (full, problem) = ProgramLookup.Find(name, cwd, path);
        if (full is null)
        {
            throw new RoleFailedException(launch.Role, $"cannot start '{name}': {problem}");
        }
        return name.Contains('/') ? name : full; // setsid runs in cwd, so a relative path still means the same file
    }
}
