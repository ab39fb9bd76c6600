using StreamLab.Core.Running;

namespace StreamLab.Collectors.Processes;

/// <summary>
/// How to start this StreamLab again as a child process, so a role whose argv[0] is exactly
/// <c>streamlab</c> (the built-in stacks) runs the same build that runs the campaign: the
/// <c>streamlab</c> apphost itself, or <c>dotnet streamlab.dll</c> when StreamLab runs through
/// the dotnet host (<c>dotnet streamlab.dll</c>, or a test host).
/// </summary>
public static class SelfCommand
{
    /// <summary>The argv[0] that stands for this StreamLab in a role template.</summary>
    public const string Name = ProgramLookup.Self;

    private static readonly Lazy<IReadOnlyList<string>> Cached = new(() => Resolve(Environment.ProcessPath, typeof(SelfCommand).Assembly.Location));

    /// <summary>The argv prefix that starts this StreamLab.</summary>
    public static IReadOnlyList<string> Prefix => Cached.Value;

    /// <summary>Replaces argv[0] = <c>streamlab</c> by <see cref="Prefix"/>; any other argv is returned as is.</summary>
    public static IReadOnlyList<string> Expand(IReadOnlyList<string> argv) =>
        argv.Count > 0 && argv[0] == Name ? [.. Prefix, .. argv.Skip(1)] : argv;

    internal static IReadOnlyList<string> Resolve(string? processPath, string collectorsAssembly)
    {
        if (processPath is not null && Path.GetFileName(processPath) == Name)
        {
            return [processPath];
        }
        // streamlab.dll sits beside StreamLab.Collectors.dll in the app's (and the tests') output folder.
        var dll = Path.Combine(Path.GetDirectoryName(collectorsAssembly) ?? AppContext.BaseDirectory, Name + ".dll");
        if (!File.Exists(dll))
        {
            dll = Path.Combine(AppContext.BaseDirectory, Name + ".dll");
        }
        var dotnet = processPath is not null && Path.GetFileNameWithoutExtension(processPath) == "dotnet" ? processPath : "dotnet";
        return [dotnet, dll];
    }
}
