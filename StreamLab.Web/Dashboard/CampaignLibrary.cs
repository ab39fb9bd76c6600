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

    /// <summary>Where launched YAML is saved (a copy for the record: paths in it never resolve against this folder).</summary>
    public string UploadDirectory => Path.Combine(paths.DataDirectory, "campaigns");

    /// <summary>
    /// What a relative <c>cwd</c> of YAML without a file of its own (typed in the launch panel, posted to the API) is
    /// relative to: the examples folder, where the shipped campaigns' stacks live, so a posted copy of an example runs
    /// like the file; without one, the folder StreamLab was started in.
    /// </summary>
    public string TextBaseDirectory => ExamplesDirectory ?? environment.ContentRootPath;

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

    /// <summary>Checks YAML as it would run, without writing anything: what the editor shows while someone types.</summary>
    public CampaignLoadResult Validate(string yaml) => CampaignLoader.LoadText(yaml, "<editor>", TextBaseDirectory, checkFiles: true);

    /// <summary>
    /// Loads YAML for running. An unchanged example loads from its real file; anything else is checked with relative
    /// <c>cwd</c>s resolved against <see cref="TextBaseDirectory"/> and, only once valid, saved as
    /// <c>data/campaigns/&lt;name&gt;.yaml</c> (its <see cref="Campaign.SourcePath"/>).
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
        return checkedText with { Campaign = checkedText.Campaign with { SourcePath = file } };
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd();

    /// <summary>Campaign names become file names: keep letters, digits, '-', '_' and '.', nothing that walks folders.</summary>
    internal static string SafeFileName(string name)
    {
        var safe = new string(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());
        return safe.Length == 0 ? "campaign" : safe;
    }
}
