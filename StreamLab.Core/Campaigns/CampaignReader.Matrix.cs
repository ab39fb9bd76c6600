using System.Numerics;
using StreamLab.Core.Matrix;
using YamlDotNet.RepresentationModel;

namespace StreamLab.Core.Campaigns;

// The parameter side of a campaign: matrix, exclusions, fixed parameters, targets and the comparison.
internal sealed partial class CampaignReader
{
    private static readonly string[] CompareFields = ["axis", "baseline", "candidate"];

    private List<MatrixAxis> ReadMatrix(YamlNode? node)
    {
        var axes = new List<MatrixAxis>();
        if (node is null || yaml.Mapping(node, "matrix") is not { } map)
        {
            return axes;
        }
        if (map.Children.Count > CampaignLimits.MaxAxes)
        {
            yaml.Error(map, "matrix", $"has {map.Children.Count} parameters; a matrix may vary at most {CampaignLimits.MaxAxes}");
            return axes;
        }
        foreach (var (key, name, value) in yaml.Entries(map, "matrix"))
        {
            var path = YamlFieldReader.Join("matrix", name);
            CheckParameterName(key, path, name);
            if (yaml.Sequence(value, path, "[10, 20]") is not { } list)
            {
                continue;
            }
            if (list.Children.Count == 0)
            {
                yaml.Error(list, path, "must list at least one value");
            }
            var values = new List<string>();
            for (var i = 0; i < list.Children.Count; i++)
            {
                var itemPath = YamlFieldReader.Index(path, i);
                if (yaml.Text(list.Children[i], itemPath) is not { } text)
                {
                    continue;
                }
                var first = values.IndexOf(text);
                if (text.Length == 0)
                {
                    yaml.Error(list.Children[i], itemPath, "must not be an empty string");
                }
                else if (first >= 0)
                {
                    yaml.Error(list.Children[i], itemPath, $"duplicate value '{text}' (already at {YamlFieldReader.Index(path, first)})");
                }
                values.Add(text);
            }
            axes.Add(new MatrixAxis(name, values));
        }
        return axes;
    }

    private List<IReadOnlyDictionary<string, string>> ReadExclude(YamlNode? node, List<MatrixAxis> axes)
    {
        var exclusions = new List<IReadOnlyDictionary<string, string>>();
        if (node is null || yaml.Sequence(node, "exclude", "[{ rate: 20, size: large }]") is not { } list)
        {
            return exclusions;
        }
        for (var i = 0; i < list.Children.Count; i++)
        {
            var path = YamlFieldReader.Index("exclude", i);
            if (yaml.Mapping(list.Children[i], path) is not { } map)
            {
                continue;
            }
            if (map.Children.Count == 0)
            {
                yaml.Error(map, path, "must name at least one matrix parameter");
            }
            var exclusion = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, name, value) in yaml.Entries(map, path))
            {
                var entryPath = YamlFieldReader.Join(path, name);
                var text = yaml.Text(value, entryPath);
                if (FindAxis(axes, key, entryPath, name) is { } axis && text is not null)
                {
                    CheckAxisValue(axis, value, entryPath, text);
                }
                exclusion[name] = text ?? "";
            }
            exclusions.Add(exclusion);
        }
        return exclusions;
    }

    /// <summary>Counts the records the campaign plans (points × repetitions) without expanding anything, and refuses too many.</summary>
    private void CheckRecordCount(Dictionary<string, YamlNode> fields, List<MatrixAxis> axes,
        List<IReadOnlyDictionary<string, string>> exclusions, int repetitions)
    {
        BigInteger points;
        try
        {
            points = MatrixExpander.CountPoints(axes, exclusions);
        }
        catch (MatrixLimitException e)
        {
            yaml.Error(fields["exclude"], "exclude", e.Message);
            return;
        }
        if (points.IsZero && exclusions.Count > 0)
        {
            yaml.Error(fields["exclude"], "exclude", "excludes every matrix point, so nothing would run");
        }
        else if (points * repetitions > CampaignLimits.MaxRecords)
        {
            var field = points > CampaignLimits.MaxRecords || !fields.ContainsKey("repetitions") ? "matrix" : "repetitions";
            yaml.Error(fields[field], field, MatrixExpander.TooMany(points, repetitions));
        }
    }

    private Dictionary<string, string> ReadParams(YamlNode? node, List<MatrixAxis> axes)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is null || yaml.Mapping(node, "params") is not { } map)
        {
            return parameters;
        }
        foreach (var (key, name, value) in yaml.Entries(map, "params"))
        {
            var path = YamlFieldReader.Join("params", name);
            CheckParameterName(key, path, name);
            if (axes.Any(a => a.Name == name))
            {
                yaml.Error(key, path, $"'{name}' is already a matrix parameter; a name is either in matrix or in params");
            }
            if (yaml.Text(value, path) is { } text)
            {
                parameters[name] = text;
            }
        }
        return parameters;
    }

    private List<TargetSpec> ReadTargets(YamlNode? node)
    {
        var targets = new List<TargetSpec>();
        if (node is null || yaml.Sequence(node, "targets", "[\"fps_mean >= 18\"]") is not { } list)
        {
            return targets;
        }
        for (var i = 0; i < list.Children.Count; i++)
        {
            var path = YamlFieldReader.Index("targets", i);
            if (yaml.Text(list.Children[i], path) is not { } text)
            {
                continue;
            }
            if (TargetSyntax.TryParse(text, out var error) is { } target)
            {
                targets.Add(target);
            }
            else
            {
                yaml.Error(list.Children[i], path, error!);
            }
        }
        return targets;
    }

    private CompareSpec? ReadCompare(YamlNode? node, List<MatrixAxis> axes)
    {
        if (node is null || yaml.Mapping(node, "compare") is not { } map)
        {
            return null;
        }
        var fields = yaml.Fields(map, "compare", CompareFields);
        var texts = new Dictionary<string, string>();
        foreach (var field in CompareFields)
        {
            if (!fields.TryGetValue(field, out var value))
            {
                yaml.Missing(map, "compare", field);
            }
            else if (yaml.Text(value, $"compare.{field}") is { } text)
            {
                texts[field] = text;
            }
        }
        if (!texts.TryGetValue("axis", out var axisName)
            || FindAxis(axes, fields["axis"], "compare.axis", axisName) is not { } axis)
        {
            return null;
        }
        var valid = true;
        foreach (var field in CompareFields.Skip(1).Where(texts.ContainsKey))
        {
            valid &= CheckAxisValue(axis, fields[field], $"compare.{field}", texts[field]);
        }
        if (!valid || texts.Count < CompareFields.Length)
        {
            return null;
        }
        if (texts["baseline"] == texts["candidate"])
        {
            yaml.Error(fields["candidate"], "compare.candidate", $"must differ from the baseline ('{texts["baseline"]}')");
            return null;
        }
        return new CompareSpec(axisName, texts["baseline"], texts["candidate"]);
    }

    private void CheckParameterName(YamlNode key, string path, string name)
    {
        if (!PlaceholderTemplate.IsValidName(name))
        {
            yaml.Error(key, path, $"parameter name '{name}' must match [A-Za-z_][A-Za-z0-9_-]*");
        }
        else if (PlaceholderTemplate.BuiltIns.Contains(name))
        {
            yaml.Error(key, path, $"'{name}' is a built-in placeholder; choose another parameter name");
        }
    }

    private MatrixAxis? FindAxis(List<MatrixAxis> axes, YamlNode at, string path, string name)
    {
        var axis = axes.FirstOrDefault(a => a.Name == name);
        if (axis is null)
        {
            var known = axes.Count == 0 ? "the matrix is empty" : "matrix parameters: " + string.Join(", ", axes.Select(a => a.Name));
            yaml.Error(at, path, $"'{name}' is not a matrix parameter; {known}");
        }
        return axis;
    }

    private bool CheckAxisValue(MatrixAxis axis, YamlNode at, string path, string value)
    {
        if (axis.Values.Contains(value))
        {
            return true;
        }
        yaml.Error(at, path, $"'{value}' is not a value of '{axis.Name}'; values: {string.Join(", ", axis.Values)}");
        return false;
    }
}
