using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace StreamLab.Core.Campaigns;

/// <summary>Turns a campaign's YAML tree into a <see cref="Campaign"/>, reporting every problem it finds.</summary>
internal sealed partial class CampaignReader(YamlFieldReader yaml, string? baseDirectory, bool checkFiles)
{
    private static readonly string[] TopFields =
    [
        "name", "description", "stack", "duration", "warmup", "repetitions", "order", "seed",
        "sample_interval", "stop_grace", "matrix", "exclude", "params", "roles", "targets", "compare", "collect", "profiles", "cost", "explore",
    ];

    private static readonly TimeSpan ShortestSampleInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan LongestSampleInterval = TimeSpan.FromHours(1);

    public Campaign? Read(YamlNode root, string source, string text)
    {
        if (yaml.Mapping(root, CampaignLoader.DocumentPath) is not { } map)
        {
            return null;
        }
        var fields = yaml.Fields(map, "", TopFields);

        var name = Required(fields, map, "name") is { } nameNode ? yaml.Text(nameNode, "name") : null;
        if (name is not null && CampaignNames.Problem(name) is { } nameProblem)
        {
            yaml.Error(fields["name"], "name", nameProblem);
        }
        var description = Optional(fields, "description") is { } descriptionNode ? yaml.Text(descriptionNode, "description") : null;
        var stack = ReadStack(Optional(fields, "stack"));
        var duration = ReadDuration(Required(fields, map, "duration"), "duration", TimeSpan.Zero, null, exclusiveMin: true);
        var warmup = ReadDuration(Optional(fields, "warmup"), "warmup", TimeSpan.Zero, null, exclusiveMin: false);
        var repetitions = ReadInteger(Optional(fields, "repetitions"), "repetitions", min: 1);
        var order = ReadOrder(Optional(fields, "order"));
        var seed = ReadInteger(Optional(fields, "seed"), "seed", min: int.MinValue);
        var sampleInterval = ReadDuration(Optional(fields, "sample_interval"), "sample_interval", ShortestSampleInterval, LongestSampleInterval, exclusiveMin: false);
        var stopGrace = ReadDuration(Optional(fields, "stop_grace"), "stop_grace", TimeSpan.Zero, null, exclusiveMin: false);

        var errorsBeforeMatrix = yaml.Errors.Count;
        var matrix = ReadMatrix(Optional(fields, "matrix"));
        var exclude = ReadExclude(Optional(fields, "exclude"), matrix);
        if (yaml.Errors.Count == errorsBeforeMatrix)
        {
            CheckRecordCount(fields, matrix, exclude, repetitions ?? 1);
        }
        var parameters = ReadParams(Optional(fields, "params"), matrix);
        var builtIn = KnownStacks.Find(stack);
        List<RoleSpec> roles;
        if (builtIn is null)
        {
            var known = matrix.Select(a => a.Name).Concat(parameters.Keys).Concat(PlaceholderTemplate.BuiltIns).ToList();
            roles = ReadRoles(Required(fields, map, "roles"), known);
        }
        else
        {
            // A built-in stack brings its roles; its default parameters fill what matrix and params leave out.
            if (fields.TryGetValue("roles", out var rolesNode))
            {
                yaml.Error(rolesNode, "roles", $"stack '{builtIn.Name}' brings its own roles; remove roles, or use stack: external to define your own");
            }
            foreach (var (param, value) in builtIn.DefaultParams)
            {
                if (matrix.All(a => a.Name != param))
                {
                    parameters.TryAdd(param, value);
                }
            }
            roles = [.. builtIn.Roles];
        }
        var profiles = ReadProfiles(Optional(fields, "profiles"), builtIn, fields, matrix, parameters);
        var targets = ReadTargets(Optional(fields, "targets"));
        var compare = ReadCompare(Optional(fields, "compare"), matrix);
        var counters = ReadCollect(Optional(fields, "collect"));
        var cost = ReadCost(Optional(fields, "cost"), matrix, parameters);
        var explore = ReadExplore(Optional(fields, "explore"), matrix);

        if (yaml.Errors.Count > 0 || name is null || duration is null)
        {
            return null;
        }
        return new Campaign
        {
            Name = name,
            Description = description,
            Stack = stack,
            Duration = duration.Value,
            Warmup = warmup ?? TimeSpan.Zero,
            Repetitions = repetitions ?? 1,
            Order = order ?? RunOrder.Sequential,
            Seed = seed ?? 0,
            SampleInterval = sampleInterval ?? TimeSpan.FromSeconds(1),
            StopGrace = stopGrace ?? TimeSpan.FromSeconds(5),
            Matrix = matrix,
            Exclude = exclude,
            Params = parameters,
            Roles = roles,
            Targets = targets,
            Compare = compare,
            Counters = counters,
            Cost = cost,
            Explore = explore,
            Profiles = profiles,
            SourcePath = source,
            Yaml = text,
        };
    }

    // An empty value (`warmup:`) means the field's default, like leaving the field out.
    private static YamlNode? Optional(Dictionary<string, YamlNode> fields, string field) =>
        fields.TryGetValue(field, out var node) && !YamlFieldReader.IsNull(node) ? node : null;

    private YamlNode? Required(Dictionary<string, YamlNode> fields, YamlMappingNode map, string field)
    {
        if (!fields.TryGetValue(field, out var node))
        {
            yaml.Missing(map, "", field);
            return null;
        }
        if (YamlFieldReader.IsNull(node))
        {
            yaml.Error(node, field, "must have a value");
            return null;
        }
        return node;
    }

    private string? ReadStack(YamlNode? node)
    {
        if (node is null || yaml.Text(node, "stack") is not { } stack)
        {
            return null;
        }
        if (!KnownStacks.All.Contains(stack, StringComparer.Ordinal))
        {
            yaml.Error(node, "stack", $"unknown stack '{stack}'; known stacks: {string.Join(", ", KnownStacks.All)}");
            return null;
        }
        return stack == KnownStacks.External ? null : stack;
    }

    private TimeSpan? ReadDuration(YamlNode? node, string path, TimeSpan min, TimeSpan? max, bool exclusiveMin)
    {
        if (node is null || yaml.Text(node, path) is not { } text)
        {
            return null;
        }
        if (!DurationSyntax.TryParse(text, out var duration))
        {
            yaml.Error(node, path, $"'{text}' is not a duration: write {DurationSyntax.Description}, at most 7 days");
            return null;
        }
        var tooShort = exclusiveMin ? duration <= min : duration < min;
        if (tooShort || duration > max)
        {
            var range = max is null
                ? (exclusiveMin ? $"greater than {min.TotalSeconds}s" : $"at least {min.TotalSeconds}s")
                : $"between {min.TotalMilliseconds}ms and {max.Value.TotalHours}h";
            yaml.Error(node, path, $"must be {range}, not {text}");
            return null;
        }
        return duration;
    }

    private int? ReadInteger(YamlNode? node, string path, int min)
    {
        if (node is null || yaml.Text(node, path) is not { } text)
        {
            return null;
        }
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            yaml.Error(node, path, $"must be a whole number, not '{text}'");
            return null;
        }
        if (value < min)
        {
            yaml.Error(node, path, $"must be at least {min}, not {value}");
            return null;
        }
        return value;
    }

    private RunOrder? ReadOrder(YamlNode? node)
    {
        switch (node is null ? null : yaml.Text(node, "order"))
        {
            case null:
                return null;
            case "sequential":
                return RunOrder.Sequential;
            case "shuffled":
                return RunOrder.Shuffled;
            case var other:
                yaml.Error(node!, "order", $"unknown order '{other}'; allowed: sequential, shuffled");
                return null;
        }
    }

    private static bool IsFolderName(string name) => CampaignNames.IsFolderName(name);
}
