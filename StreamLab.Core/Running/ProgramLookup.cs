namespace StreamLab.Core.Running;

/// <summary>
/// Finds the file a role's argv[0] names, as execvp would: a name with a '/' relative to the working directory,
/// a bare name in the PATH folders (relative ones relative to the working directory). The loader uses it to
/// refuse a campaign whose program is missing; the launcher uses it again just before starting the role.
/// </summary>
public static class ProgramLookup
{
    /// <summary>The argv[0] that stands for this StreamLab (the built-in stacks' roles); the launcher substitutes it.</summary>
    public const string Self = "streamlab";

    private const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>The program's full path, or why there is none (e.g. "no such file (/abs/x.sh)").</summary>
    public static (string? Path, string? Problem) Find(string program, string workingDirectory, string pathVariable)
    {
        if (program.Contains('/'))
        {
            var full = Path.GetFullPath(program, workingDirectory);
            if (!File.Exists(full))
            {
                return (null, $"no such file ({full})");
            }
            return IsExecutable(full) ? (full, null) : (null, $"{full} is not executable");
        }
        foreach (var dir in pathVariable.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(Path.GetFullPath(dir, workingDirectory), program);
            if (File.Exists(candidate) && IsExecutable(candidate))
            {
                return (candidate, null);
            }
        }
        return (null, $"executable not found on PATH ({pathVariable})");
    }

    private static bool IsExecutable(string file) =>
        OperatingSystem.IsWindows() || (File.GetUnixFileMode(file) & AnyExecute) != 0;
}
