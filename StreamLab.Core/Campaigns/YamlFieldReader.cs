using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace StreamLab.Core.Campaigns;

/// <summary>Shape checks on YAML nodes that record every problem as a <see cref="CampaignError"/> and carry on.</summary>
internal sealed class YamlFieldReader(string file)
{
    private readonly List<CampaignError> _errors = [];

    public IReadOnlyList<CampaignError> Errors => _errors;

    public void Error(Mark at, string path, string message) =>
        _errors.Add(new CampaignError(file, (int)at.Line, (int)at.Column, path, message));

    public void Error(YamlNode at, string path, string message) => Error(at.Start, path, message);

    public static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    public static string Index(string path, int index) => $"{path}[{index}]";

    /// <summary>A plain <c>~</c>, <c>null</c> or nothing at all: YAML's null.</summary>
    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    public YamlMappingNode? Mapping(YamlNode node, string path) =>
        node as YamlMappingNode ?? WrongType<YamlMappingNode>(node, path, "a mapping (name: value pairs)");

    public YamlSequenceNode? Sequence(YamlNode node, string path, string example) =>
        node as YamlSequenceNode ?? WrongType<YamlSequenceNode>(node, path, $"a list, e.g. {example}");

    /// <summary>The scalar's text; null (and an error) for a mapping, a list or an empty value.</summary>
    public string? Text(YamlNode node, string path)
    {
        if (IsNull(node))
        {
            Error(node, path, "must have a value");
            return null;
        }
        if (node is not YamlScalarNode scalar)
        {
            return WrongType<string>(node, path, "a single value");
        }
        var text = scalar.Value ?? "";
        if (text.Length > CampaignLimits.MaxTextLength)
        {
            Error(node, path, $"is {text.Length:N0} characters long; a value may have at most {CampaignLimits.MaxTextLength:N0}");
            return null;
        }
        return text;
    }

    /// <summary>
    /// The fields of <paramref name="map"/> that are in <paramref name="allowed"/>; reports every other one.
    /// </summary>
    public Dictionary<string, YamlNode> Fields(YamlMappingNode map, string path, IReadOnlyList<string> allowed)
    {
        var fields = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in map.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key })
            {
                Error(keyNode, path, "keys must be plain names");
            }
            else if (!allowed.Contains(key, StringComparer.Ordinal))
            {
                Error(keyNode, Join(path, key), $"unknown field '{key}'; allowed fields: {string.Join(", ", allowed)}");
            }
            else
            {
                fields[key] = value;
            }
        }
        return fields;
    }

    /// <summary>The entries of a name → value mapping, reporting keys that are not plain names.</summary>
    public IEnumerable<(YamlScalarNode Key, string Name, YamlNode Value)> Entries(YamlMappingNode map, string path)
    {
        foreach (var (keyNode, value) in map.Children)
        {
            if (keyNode is YamlScalarNode { Value: { } name } key && !IsNull(key))
            {
                if (name.Length > CampaignLimits.MaxNameLength)
                {
                    Error(keyNode, path, $"a name may have at most {CampaignLimits.MaxNameLength} characters, not {name.Length:N0}");
                    continue;
                }
                yield return (key, name, value);
            }
            else
            {
                Error(keyNode, path, "keys must be plain names");
            }
        }
    }

    public void Missing(YamlNode map, string path, string field) =>
        Error(map, Join(path, field), $"required field '{field}' is missing");

    private T? WrongType<T>(YamlNode node, string path, string expected)
        where T : class
    {
        Error(node, path, $"must be {expected}, not {Describe(node)}");
        return null;
    }

    private static string Describe(YamlNode node) => node switch
    {
        _ when IsNull(node) => "empty",
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode scalar => $"the value '{scalar.Value}'",
        _ => "an alias",
    };
}
