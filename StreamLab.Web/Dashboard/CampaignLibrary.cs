using StreamLab.Core;
using StreamLab.Core.Campaigns;

namespace StreamLab.Web.Dashboard;

/// <summary>An example campaign file from the repository's <c>campaigns/</c> folder.</summary>
public sealed record CampaignExample(string FileName, string FullPath);

/// <summary>
/// Example campaigns to start from, and turning YAML typed in the browser into a campaign the runner can run
/// with the same path rules as a file on the command line.
/// </summary>
public sealed class CampaignLibrary(StreamLabPaths paths, IWebHostEnvironment environment)
{
    /// <summary>The <c>campaigns/</c> folder under the content root, else under the current directory; null if neither exists.</summary>
    public string? ExamplesDirectory { get; } = new[] { environment.ContentRootPath, Directory.GetCurrentDirectory() }
        .Select(root => Path.Combine(root, "campaigns"))
        .FirstOrDefault(Directory.Exists);

    /// <summary>Where launched YAML is saved: relative paths in it resolve against this folder.</summary>
    public string UploadDirectory => Path.Combine(paths.DataDirectory, "campaigns");

    public IReadOnlyList<CampaignExample> Examples() => ExamplesDirectory is null
        ? []
        : Directory.EnumerateFiles(ExamplesDirectory, "*.y*ml")
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => new CampaignExample(Path.GetFileName(f), f))
            .ToList();

    /// <summary>The text of an example, by file name only (never a path from the browser).</summary>
    public string? ReadExample(string fileName) =>
        Examples().FirstOrDefault(e => e.FileName == fileName) is { } example ? File.ReadAllText(example.FullPath) : null;

    /// <summary>Checks YAML without touching the disk: what the editor shows while someone types.</summary>
    public static CampaignLoadResult Validate(string yaml) => CampaignLoader.LoadText(yaml, "<editor>");

    /// <summary>
    /// Loads YAML for running. An unchanged example loads from its real file; anything else is saved as
    /// <c>data/campaigns/&lt;name&gt;.yaml</c> and loaded from there, with relative <c>cwd</c>s resolved against the
    /// example's folder when it was an edited example (its stacks live there) or the data folder otherwise.
    /// </summary>
    public CampaignLoadResult Prepare(string yaml, string? exampleFileName)
    {
        var example = exampleFileName is null ? null : Examples().FirstOrDefault(e => e.FileName == exampleFileName);
        if (example is not null && Normalize(File.ReadAllText(example.FullPath)) == Normalize(yaml))
        {
            return CampaignLoader.LoadFile(example.FullPath);
        }
        var checkedText = Validate(yaml);
        if (!checkedText.IsValid)
        {
            return checkedText;
        }
        Directory.CreateDirectory(UploadDirectory);
        var file = Path.Combine(UploadDirectory, SafeFileName(checkedText.Campaign!.Name) + ".yaml");
        File.WriteAllText(file, yaml);
        var loaded = CampaignLoader.LoadFile(file);
        if (!loaded.IsValid || example is null)
        {
            return loaded;
        }
        var exampleDirectory = Path.GetDirectoryName(example.FullPath)!;
        var roles = loaded.Campaign!.Roles
            .Select((role, i) => role with { Cwd = Resolve(checkedText.Campaign.Roles[i].Cwd, exampleDirectory) })
            .ToList();
        return loaded with { Campaign = loaded.Campaign with { Roles = roles } };
    }

    private static string? Resolve(string? cwd, string baseDirectory) =>
        cwd is null || cwd is ['{', not '{', ..] || Path.IsPathRooted(cwd) ? cwd : Path.GetFullPath(Path.Combine(baseDirectory, cwd));

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd();

    /// <summary>Campaign names become file names: keep letters, digits, '-', '_' and '.', nothing that walks folders.</summary>
    internal static string SafeFileName(string name)
    {
        var safe = new string(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());
        return safe.Length == 0 ? "campaign" : safe;
    }
}
