using System.Globalization;
using System.Text.RegularExpressions;

namespace StreamLab.Core.Campaigns;

/// <summary>Campaign durations: a number and a unit (<c>500ms</c>, <c>20s</c>, <c>1.5m</c>, <c>2h</c>) or a bare number of seconds.</summary>
public static partial class DurationSyntax
{
    /// <summary>How the syntax is described in error messages.</summary>
    public const string Description = "a number with a unit ms, s, m or h (e.g. 500ms, 20s, 1.5m, 2h) or a bare number of seconds";

    // A week is far beyond any measurement window and keeps TimeSpan arithmetic (runs × duration) from overflowing.
    private static readonly TimeSpan Longest = TimeSpan.FromDays(7);

    /// <summary>Parses <paramref name="text"/>; false when it is not a duration or longer than a week.</summary>
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var match = DurationPattern().Match(text.Trim());
        if (!match.Success
            || !double.TryParse(match.Groups["number"].Value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }
        var seconds = match.Groups["unit"].Value switch
        {
            "ms" => number / 1000,
            "m" => number * 60,
            "h" => number * 3600,
            _ => number,
        };
        if (Math.Abs(seconds) > Longest.TotalSeconds)
        {
            return false;
        }
        duration = TimeSpan.FromTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
        return true;
    }

    [GeneratedRegex(@"^(?<number>-?(\d+(\.\d*)?|\.\d+))(?<unit>ms|s|m|h)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();
}
