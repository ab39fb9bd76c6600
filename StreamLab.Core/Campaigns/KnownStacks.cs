namespace StreamLab.Core.Campaigns;

/// <summary>The stack names a campaign's <c>stack:</c> field accepts.</summary>
public static class KnownStacks
{
    /// <summary>A stack given entirely by the campaign's own <c>roles</c>; loads as <see cref="Campaign.Stack"/> = null.</summary>
    public const string External = "external";

    /// <summary>Stacks StreamLab ships (live-ws, live-ffmpeg, vod-chunks as they land); a campaign naming one may omit <c>roles</c>.</summary>
    public static IReadOnlyList<string> BuiltIn { get; } = [];

    /// <summary>Every name <c>stack:</c> accepts, for validation and error messages.</summary>
    public static IReadOnlyList<string> All { get; } = [External, .. BuiltIn];

    /// <summary>True when <paramref name="name"/> is a built-in stack, which brings its own roles.</summary>
    public static bool IsBuiltIn(string? name) => name is not null && BuiltIn.Contains(name, StringComparer.Ordinal);
}
