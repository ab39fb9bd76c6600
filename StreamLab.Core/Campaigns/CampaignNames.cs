using System.Text.RegularExpressions;

namespace StreamLab.Core.Campaigns;

/// <summary>
/// The one rule for a campaign's name, wherever it comes from (the YAML's <c>name:</c>, <c>import --campaign</c>,
/// an upload's campaign field): it names folders and appears in URLs, so letters, digits, '.', '_' and '-', never
/// <c>.</c> or <c>..</c>, at most <see cref="MaxLength"/> characters.
/// </summary>
public static partial class CampaignNames
{
    public const int MaxLength = CampaignLimits.MaxNameLength;

    /// <summary>Why <paramref name="name"/> cannot name a campaign, or null when it can.</summary>
    public static string? Problem(string name) => name switch
    {
        { Length: 0 } => "is empty",
        { Length: > MaxLength } => $"may have at most {MaxLength} characters, not {name.Length:N0}",
        _ when !IsFolderName(name) => $"'{name}' cannot name a folder: use only letters, digits, '.', '_' and '-' (not '.' or '..')",
        _ => null,
    };

    public static bool IsValid(string name) => Problem(name) is null;

    /// <summary>A single folder name of safe characters (also the rule for role names).</summary>
    public static bool IsFolderName(string name) => FolderName().IsMatch(name) && name is not "." and not "..";

    [GeneratedRegex(@"^[A-Za-z0-9._-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex FolderName();
}
