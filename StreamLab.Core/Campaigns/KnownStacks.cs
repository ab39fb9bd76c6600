namespace StreamLab.Core.Campaigns;

/// <summary>The stack names a campaign's <c>stack:</c> field accepts.</summary>
public static class KnownStacks
{
    /// <summary>A stack given entirely by the campaign's own <c>roles</c>; loads as <see cref="Campaign.Stack"/> = null.</summary>
    public const string External = "external";

    private static readonly BuiltInStack[] Stacks = [LiveWsStack.Definition, VodChunksStack.Definition, LiveFfmpegStack.Definition];

    /// <summary>Stacks StreamLab ships; a campaign naming one gets its roles and default parameters and may not give <c>roles</c>.</summary>
    public static IReadOnlyList<string> BuiltIn { get; } = Stacks.Select(s => s.Name).ToArray();

    /// <summary>Every name <c>stack:</c> accepts, for validation and error messages.</summary>
    public static IReadOnlyList<string> All { get; } = [External, .. BuiltIn];

    /// <summary>True when <paramref name="name"/> is a built-in stack, which brings its own roles.</summary>
    public static bool IsBuiltIn(string? name) => name is not null && BuiltIn.Contains(name, StringComparer.Ordinal);

    /// <summary>The built-in stack of that name, or null.</summary>
    public static BuiltInStack? Find(string? name) => Stacks.FirstOrDefault(s => s.Name == name);
}
