using System.Globalization;
using System.Text.RegularExpressions;

namespace StreamLab.Core.Campaigns;

/// <summary>Parses performance targets written as <c>metric op value</c>, e.g. <c>latency_p95_ms &lt; 200</c>.</summary>
public static partial class TargetSyntax
{
    private static readonly Dictionary<string, TargetOp> Ops = new(StringComparer.Ordinal)
    {
        ["<"] = TargetOp.Less,
        ["<="] = TargetOp.LessOrEqual,
        [">"] = TargetOp.Greater,
        [">="] = TargetOp.GreaterOrEqual,
        ["=="] = TargetOp.Equal,
    };

    /// <summary>The target <paramref name="text"/> states, or null with <paramref name="error"/> saying what is wrong.</summary>
    public static TargetSpec? TryParse(string text, out string? error)
    {
        var match = TargetPattern().Match(text);
        if (!match.Success)
        {
            error = $"'{text}' is not a target: write 'metric op value', e.g. 'fps_mean >= 18' (metric [a-z0-9_]+, op one of < <= > >= ==, value a number)";
            return null;
        }
        var value = match.Groups["value"].Value;
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
        {
            error = $"'{value}' in target '{text}' is not a number";
            return null;
        }
        error = null;
        return new TargetSpec(match.Groups["metric"].Value, Ops[match.Groups["op"].Value], number, text.Trim());
    }

    [GeneratedRegex(@"^\s*(?<metric>[a-z0-9_]+)\s*(?<op><=|>=|==|<|>)\s*(?<value>\S+)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex TargetPattern();
}
