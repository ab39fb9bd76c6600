using System.Globalization;
using System.Text;

namespace StreamLab.Core.Campaigns;

/// <summary>The network conditions of one vod-chunks storage node: response delay, bandwidth and failure windows.</summary>
/// <param name="Name">The profile's name, as node_mix spells it.</param>
/// <param name="DelayMs">Delay before each response starts.</param>
/// <param name="BandwidthMbps">Body bandwidth in Mbit/s (10⁶ bit/s); null means unthrottled.</param>
/// <param name="Down">Windows, measured from the node's start, in which every request gets 503.</param>
public sealed record NodeProfile(string Name, double DelayMs, double? BandwidthMbps, IReadOnlyList<DownWindow> Down)
{
    /// <summary>True when the node is down <paramref name="sinceStart"/> after it started.</summary>
    public bool IsDownAt(TimeSpan sinceStart) => Down.Any(w => sinceStart >= w.From && sinceStart < w.To);
}

/// <summary>A failure window [From, To) measured from the node's start.</summary>
public readonly record struct DownWindow(TimeSpan From, TimeSpan To)
{
    /// <summary>Parses <c>4s-9s</c> (two durations joined by <c>-</c>, From &lt; To); null when malformed.</summary>
    public static DownWindow? TryParse(string text)
    {
        var dash = text.IndexOf('-', 1); // past a leading sign, which DurationSyntax would reject anyway
        if (dash < 0
            || !DurationSyntax.TryParse(text[..dash], out var from)
            || !DurationSyntax.TryParse(text[(dash + 1)..], out var to)
            || from < TimeSpan.Zero || to <= from)
        {
            return null;
        }
        return new DownWindow(from, to);
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{From.TotalSeconds:0.###}s-{To.TotalSeconds:0.###}s");
}

/// <summary>
/// Node profiles as one argv value, so the runner passes them like any parameter:
/// <c>fast:delay_ms=5,bandwidth_mbps=200;flaky:delay_ms=10,bandwidth_mbps=100,down=4s-9s+12s-14s</c>.
/// </summary>
public static class NodeProfileSyntax
{
    public static string Format(IEnumerable<NodeProfile> profiles)
    {
        var text = new StringBuilder();
        foreach (var p in profiles)
        {
            if (text.Length > 0) text.Append(';');
            text.Append(CultureInfo.InvariantCulture, $"{p.Name}:delay_ms={p.DelayMs:R}");
            if (p.BandwidthMbps is { } bw) text.Append(CultureInfo.InvariantCulture, $",bandwidth_mbps={bw:R}");
            if (p.Down.Count > 0) text.Append(",down=").Append(string.Join('+', p.Down));
        }
        return text.ToString();
    }

    /// <exception cref="FormatException">The text is not what <see cref="Format"/> writes.</exception>
    public static IReadOnlyDictionary<string, NodeProfile> Parse(string text)
    {
        var profiles = new Dictionary<string, NodeProfile>(StringComparer.Ordinal);
        foreach (var item in text.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = item.IndexOf(':');
            if (colon <= 0) throw new FormatException($"node profile '{item}' has no 'name:'");
            var name = item[..colon];
            var (delay, bandwidth, down) = (0.0, (double?)null, new List<DownWindow>());
            foreach (var field in item[(colon + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                var (key, value) = field.IndexOf('=') is var eq and > 0 ? (field[..eq], field[(eq + 1)..]) : (field, "");
                switch (key)
                {
                    case "delay_ms": delay = Number(name, key, value); break;
                    case "bandwidth_mbps": bandwidth = Number(name, key, value); break;
                    case "down":
                        down.AddRange(value.Split('+').Select(w => DownWindow.TryParse(w) ?? throw new FormatException($"node profile '{name}': '{w}' is not a window like 4s-9s")));
                        break;
                    default: throw new FormatException($"node profile '{name}': unknown field '{key}'");
                }
            }
            profiles[name] = new NodeProfile(name, delay, bandwidth, down);
        }
        return profiles;
    }

    private static double Number(string profile, string key, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number >= 0 && double.IsFinite(number)
            ? number
            : throw new FormatException($"node profile '{profile}': {key} '{value}' is not a number ≥ 0");
}

/// <summary>
/// A node mix names one profile per node joined by <c>-</c> (<c>fast-slow-flaky</c>), or a single
/// profile for all <c>nodes</c> nodes (<c>fast</c>). Nodes are named n1, n2, … in mix order.
/// </summary>
public static class NodeMix
{
    public const int MaxNodes = 9; // the built-in placeholders give nine ports

    public static IReadOnlyList<string> Names(string mix) => mix.Split('-');

    /// <summary>The profile of each node, in node order.</summary>
    /// <exception cref="FormatException">The mix and the node count disagree, or the count is out of range.</exception>
    public static IReadOnlyList<string> Resolve(string mix, int nodes)
    {
        var names = Names(mix);
        if (names.Any(n => n.Length == 0))
        {
            throw new FormatException($"node mix '{mix}' has an empty profile name");
        }
        if (names.Count == 1)
        {
            return nodes is >= 1 and <= MaxNodes
                ? Enumerable.Repeat(names[0], nodes).ToArray()
                : throw new FormatException($"nodes must be 1…{MaxNodes}, not {nodes}");
        }
        if (names.Count > MaxNodes)
        {
            throw new FormatException($"node mix '{mix}' names {names.Count} nodes; at most {MaxNodes}");
        }
        return names.Count == nodes ? names : throw new FormatException($"node mix '{mix}' names {names.Count} nodes but nodes is {nodes}");
    }

    public static string NodeName(int index) => $"n{index + 1}";
}
