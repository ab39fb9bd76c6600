namespace StreamLab.Core.Campaigns;

/// <summary>
/// Upper bounds on what one campaign may hold. StreamLab loads campaigns from files, from the API and from the
/// editor on every keystroke, so no input may exhaust its stack, memory or time: sizes and nesting are checked
/// while the YAML is read (before any tree is built), counts when the campaign is validated, and the records a
/// matrix expands to are counted arithmetically before anything is expanded. docs/campaign-format.md lists them.
/// </summary>
public static class CampaignLimits
{
    /// <summary>Bytes of YAML (UTF-8) in one campaign: the shipped examples are 1–3 kB.</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>Mappings and lists nested inside each other; a campaign needs about 5 (roles → role → ready → …).</summary>
    public const int MaxDepth = 32;

    /// <summary>YAML nodes in the document, where an alias counts as every node of what it repeats (no billion laughs).</summary>
    public const int MaxNodes = 100_000;

    /// <summary>Entries of any one mapping or list (matrix values, exclusions, targets, argv, env, …).</summary>
    public const int MaxEntries = 1_000;

    /// <summary>Characters in one value (an argument, a path, a description, …).</summary>
    public const int MaxTextLength = 4_096;

    /// <summary>Characters in a name: the campaign, a role, a parameter, an environment variable.</summary>
    public const int MaxNameLength = 100;

    /// <summary>Roles of one stack (each is at least one process per record).</summary>
    public const int MaxRoles = 32;

    /// <summary>Matrix axes (parameters that vary).</summary>
    public const int MaxAxes = 64;

    /// <summary>Records one campaign may plan: matrix points (after exclusions) × repetitions.</summary>
    public const int MaxRecords = 100_000;
}
