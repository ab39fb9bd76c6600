using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace StreamLab.Core.Campaigns;

// Storage-node profiles of the vod-chunks stack:
// `profiles: { slow: { delay_ms: 80, bandwidth_mbps: 20 }, flaky: { down: ["4s-9s"] } }`, and the
// node_mix / nodes parameters that name them.
internal sealed partial class CampaignReader
{
    private static readonly string[] ProfileFields = ["delay_ms", "bandwidth_mbps", "down"];

    private Dictionary<string, NodeProfile> ReadProfiles(YamlNode? node, BuiltInStack? builtIn, Dictionary<string, YamlNode> fields,
        List<MatrixAxis> matrix, Dictionary<string, string> parameters)
    {
        var profiles = new Dictionary<string, NodeProfile>(StringComparer.Ordinal);
        var isVod = builtIn?.Name == VodChunksStack.Name;
        if (!isVod)
        {
            if (node is not null)
            {
                yaml.Error(node, "profiles", $"only stack {VodChunksStack.Name} has storage nodes to give profiles to; remove profiles");
            }
            return profiles;
        }
        foreach (var profile in VodChunksStack.DefaultProfiles)
        {
            profiles[profile.Name] = profile;
        }
        if (node is not null && yaml.Mapping(node, "profiles") is { } map)
        {
            foreach (var (key, name, value) in yaml.Entries(map, "profiles"))
            {
                if (ReadProfile(key, name, value) is { } profile)
                {
                    profiles[name] = profile;
                }
            }
        }
        if (matrix.Any(a => a.Name == VodChunksStack.ProfilesParam) || parameters.ContainsKey(VodChunksStack.ProfilesParam))
        {
            var at = fields.GetValueOrDefault("params") ?? fields.GetValueOrDefault("matrix")!;
            yaml.Error(at, VodChunksStack.ProfilesParam, $"'{VodChunksStack.ProfilesParam}' is set from profiles:; do not give it as a parameter");
        }
        CheckNodeMix(fields, matrix, parameters, profiles);
        parameters[VodChunksStack.ProfilesParam] = NodeProfileSyntax.Format(profiles.Values);
        return profiles;
    }

    private NodeProfile? ReadProfile(YamlScalarNode key, string name, YamlNode value)
    {
        var path = YamlFieldReader.Join("profiles", name);
        var valid = true;
        if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            // '-' joins profile names in node_mix, so a name may not hold one.
            yaml.Error(key, path, $"profile name '{name}' must use only letters, digits and '_'");
            valid = false;
        }
        if (yaml.Mapping(value, path) is not { } map)
        {
            return null;
        }
        var fields = yaml.Fields(map, path, ProfileFields);
        var delay = ProfileNumber(fields, path, "delay_ms", allowZero: true) ?? 0;
        var bandwidth = ProfileNumber(fields, path, "bandwidth_mbps", allowZero: false);
        var down = new List<DownWindow>();
        if (Optional(fields, "down") is { } downNode && yaml.Sequence(downNode, YamlFieldReader.Join(path, "down"), "[\"4s-9s\"]") is { } list)
        {
            for (var i = 0; i < list.Children.Count; i++)
            {
                var itemPath = YamlFieldReader.Index(YamlFieldReader.Join(path, "down"), i);
                if (yaml.Text(list.Children[i], itemPath) is not { } text)
                {
                    valid = false;
                }
                else if (DownWindow.TryParse(text) is { } window)
                {
                    down.Add(window);
                }
                else
                {
                    yaml.Error(list.Children[i], itemPath, $"'{text}' is not a failure window: write start-end as two durations from the node's start, start < end (e.g. 4s-9s)");
                    valid = false;
                }
            }
        }
        return valid ? new NodeProfile(name, delay, bandwidth, down) : null;
    }

    private double? ProfileNumber(Dictionary<string, YamlNode> fields, string path, string field, bool allowZero)
    {
        if (Optional(fields, field) is not { } node || yaml.Text(node, YamlFieldReader.Join(path, field)) is not { } text)
        {
            return null;
        }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            && (allowZero ? value >= 0 : value > 0))
        {
            return value;
        }
        yaml.Error(node, YamlFieldReader.Join(path, field), $"must be a number {(allowZero ? "≥ 0" : "> 0")}, not '{text}'");
        return null;
    }

    // Every node_mix value must name known profiles, and a mix of several must agree with every nodes value.
    private void CheckNodeMix(Dictionary<string, YamlNode> fields, List<MatrixAxis> matrix, Dictionary<string, string> parameters,
        Dictionary<string, NodeProfile> profiles)
    {
        var nodeCounts = new List<int>();
        foreach (var (at, path, text) in ParameterValues(fields, matrix, parameters, "nodes"))
        {
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count is >= 1 and <= NodeMix.MaxNodes)
            {
                nodeCounts.Add(count);
            }
            else
            {
                yaml.Error(at, path, $"nodes must be a whole number 1…{NodeMix.MaxNodes}, not '{text}'");
            }
        }
        foreach (var (at, path, text) in ParameterValues(fields, matrix, parameters, "node_mix"))
        {
            var names = NodeMix.Names(text);
            if (names.FirstOrDefault(n => !profiles.ContainsKey(n)) is { } unknown)
            {
                yaml.Error(at, path, $"node mix '{text}' names unknown profile '{unknown}'; profiles: {string.Join(", ", profiles.Keys)} (join one per node with '-')");
            }
            else if (names.Count > NodeMix.MaxNodes)
            {
                yaml.Error(at, path, $"node mix '{text}' names {names.Count} nodes; at most {NodeMix.MaxNodes}");
            }
            else if (names.Count > 1 && nodeCounts.FirstOrDefault(c => c != names.Count) is var other and > 0)
            {
                yaml.Error(at, path, $"node mix '{text}' names {names.Count} nodes but nodes is {other}; set nodes: {names.Count} or name one profile for all nodes");
            }
        }
    }

    // The values a parameter takes, each with the node to report problems at; a stack default has no node of its own.
    private IEnumerable<(YamlNode At, string Path, string Text)> ParameterValues(Dictionary<string, YamlNode> fields,
        List<MatrixAxis> matrix, Dictionary<string, string> parameters, string name)
    {
        foreach (var section in new[] { "matrix", "params" })
        {
            if (fields.GetValueOrDefault(section) is not YamlMappingNode map
                || map.Children.FirstOrDefault(e => e.Key is YamlScalarNode { Value: var k } && k == name).Value is not { } value)
            {
                continue;
            }
            var path = YamlFieldReader.Join(section, name);
            if (value is YamlSequenceNode list)
            {
                for (var i = 0; i < list.Children.Count; i++)
                {
                    if (list.Children[i] is YamlScalarNode { Value: { Length: > 0 } text })
                    {
                        yield return (list.Children[i], YamlFieldReader.Index(path, i), text);
                    }
                }
            }
            else if (value is YamlScalarNode { Value: { Length: > 0 } text })
            {
                yield return (value, path, text);
            }
            yield break;
        }
        if (matrix.All(a => a.Name != name) && parameters.TryGetValue(name, out var fallback))
        {
            yield return (fields.Values.FirstOrDefault() ?? new YamlScalarNode(), name, fallback); // a stack default: known good, reported at the top if not
        }
    }
}
