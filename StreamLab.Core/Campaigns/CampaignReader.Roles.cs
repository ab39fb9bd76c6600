using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace StreamLab.Core.Campaigns;

// The process side of a campaign: roles, their commands, readiness probes and the templates in them.
internal sealed partial class CampaignReader
{
    private const string CommandExample = "[\"python3\", \"server.py\", \"--port\", \"{port}\"]";
    private static readonly string[] RoleFields = ["command", "ready", "cwd", "env", "frames", "events", "samples", "prometheus"];
    private static readonly string[] ReadyFields = ["tcp", "http", "log", "timeout"];
    private static readonly string[] ReadyKinds = ["tcp", "http", "log"];
    private static readonly TimeSpan DefaultReadyTimeout = TimeSpan.FromSeconds(10);

    private List<RoleSpec> ReadRoles(YamlNode? node, IReadOnlyList<string> known)
    {
        var roles = new List<RoleSpec>();
        if (node is null || yaml.Mapping(node, "roles") is not { } map)
        {
            return roles;
        }
        if (map.Children.Count == 0)
        {
            yaml.Error(map, "roles", "must define at least one role");
        }
        else if (map.Children.Count > CampaignLimits.MaxRoles)
        {
            yaml.Error(map, "roles", $"defines {map.Children.Count} roles; a stack may have at most {CampaignLimits.MaxRoles}");
            return roles;
        }
        foreach (var (key, name, value) in yaml.Entries(map, "roles"))
        {
            var path = YamlFieldReader.Join("roles", name);
            if (!IsFolderName(name))
            {
                yaml.Error(key, path, $"role name '{name}' may use only letters, digits, '.', '_' and '-'");
            }
            if (ReadRole(value, path, name, known) is { } role)
            {
                roles.Add(role);
            }
        }
        return roles;
    }

    private RoleSpec? ReadRole(YamlNode node, string path, string name, IReadOnlyList<string> known)
    {
        if (yaml.Mapping(node, path) is not { } map)
        {
            return null;
        }
        var fields = yaml.Fields(map, path, RoleFields);
        var command = ReadCommand(map, fields, path, known);
        var ready = Optional(fields, "ready") is { } readyNode ? ReadReady(readyNode, YamlFieldReader.Join(path, "ready"), known) : null;
        var cwd = ReadTemplate(Optional(fields, "cwd"), YamlFieldReader.Join(path, "cwd"), known);
        var frames = ReadTemplate(Optional(fields, "frames"), YamlFieldReader.Join(path, "frames"), known);
        var events = ReadTemplate(Optional(fields, "events"), YamlFieldReader.Join(path, "events"), known);
        var samples = ReadTemplate(Optional(fields, "samples"), YamlFieldReader.Join(path, "samples"), known);
        var env = ReadEnv(Optional(fields, "env"), YamlFieldReader.Join(path, "env"), known);
        var prometheus = ReadPrometheus(Optional(fields, "prometheus"), YamlFieldReader.Join(path, "prometheus"), known);
        if (command is null)
        {
            return null;
        }
        var resolvedCwd = ResolveCwd(cwd);
        if (checkFiles)
        {
            CheckRoleFiles(fields, path, command, resolvedCwd, env);
        }
        return new RoleSpec { Name = name, Command = command, Ready = ready, Cwd = resolvedCwd, Env = env, Frames = frames, Events = events, Samples = samples, Prometheus = prometheus };
    }

    private List<string>? ReadCommand(YamlMappingNode role, Dictionary<string, YamlNode> fields, string rolePath, IReadOnlyList<string> known)
    {
        var path = YamlFieldReader.Join(rolePath, "command");
        if (!fields.TryGetValue("command", out var node))
        {
            yaml.Missing(role, rolePath, "command");
            return null;
        }
        if (node is YamlScalarNode && !YamlFieldReader.IsNull(node))
        {
            yaml.Error(node, path, $"must be a list of arguments (argv), e.g. {CommandExample}; a shell command string is not supported");
            return null;
        }
        if (yaml.Sequence(node, path, CommandExample) is not { } list)
        {
            return null;
        }
        if (list.Children.Count == 0)
        {
            yaml.Error(list, path, $"must name at least the program to run, e.g. {CommandExample}");
        }
        var command = new List<string>();
        for (var i = 0; i < list.Children.Count; i++)
        {
            command.Add(ReadTemplate(list.Children[i], YamlFieldReader.Index(path, i), known) ?? "");
        }
        return command;
    }

    /// <summary>Metrics URLs to scrape every sample interval: one URL or a list, each http(s) with placeholders.</summary>
    private List<string> ReadPrometheus(YamlNode? node, string path, IReadOnlyList<string> known)
    {
        var urls = new List<string>();
        if (node is null)
        {
            return urls;
        }
        var items = node is YamlScalarNode ? [node] : yaml.Sequence(node, path, "[\"http://127.0.0.1:{port}/metrics\"]")?.Children.ToList() ?? [];
        for (var i = 0; i < items.Count; i++)
        {
            var itemPath = node is YamlScalarNode ? path : YamlFieldReader.Index(path, i);
            if (ReadTemplate(items[i], itemPath, known) is not { } url)
            {
                continue;
            }
            if (!url.StartsWith("http://", StringComparison.Ordinal) && !url.StartsWith("https://", StringComparison.Ordinal))
            {
                yaml.Error(items[i], itemPath, $"'{url}' must be a URL starting with http:// or https://");
                continue;
            }
            urls.Add(url);
        }
        return urls;
    }

    private Dictionary<string, string> ReadEnv(YamlNode? node, string path, IReadOnlyList<string> known)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is null || yaml.Mapping(node, path) is not { } map)
        {
            return env;
        }
        foreach (var (key, name, value) in yaml.Entries(map, path))
        {
            var entryPath = YamlFieldReader.Join(path, name);
            if (!EnvName().IsMatch(name))
            {
                yaml.Error(key, entryPath, $"environment variable name '{name}' must match [A-Za-z_][A-Za-z0-9_]*");
            }
            env[name] = ReadTemplate(value, entryPath, known) ?? "";
        }
        return env;
    }

    private ReadySpec? ReadReady(YamlNode node, string path, IReadOnlyList<string> known)
    {
        if (yaml.Mapping(node, path) is not { } map)
        {
            return null;
        }
        var fields = yaml.Fields(map, path, ReadyFields);
        var timeout = ReadDuration(Optional(fields, "timeout"), YamlFieldReader.Join(path, "timeout"), TimeSpan.Zero, null, exclusiveMin: true);
        var kinds = ReadyKinds.Where(fields.ContainsKey).ToList();
        if (kinds.Count == 0)
        {
            yaml.Error(map, path, "needs one of tcp, http or log");
            return null;
        }
        if (kinds.Count > 1)
        {
            yaml.Error(fields[kinds[1]], YamlFieldReader.Join(path, kinds[1]), $"give only one of tcp, http or log, not both {kinds[0]} and {kinds[1]}");
            return null;
        }
        var targetPath = YamlFieldReader.Join(path, kinds[0]);
        var targetNode = fields[kinds[0]];
        if (ReadTemplate(targetNode, targetPath, known) is not { } target)
        {
            return null;
        }
        var (kind, problem) = kinds[0] switch
        {
            "tcp" => (ReadyKind.Tcp, CheckTcpTarget(target)),
            "http" => (ReadyKind.Http, target.StartsWith("http://", StringComparison.Ordinal) || target.StartsWith("https://", StringComparison.Ordinal)
                ? null
                : $"'{target}' must be a URL starting with http:// or https://"),
            _ => (ReadyKind.Log, CheckLogPattern(target)),
        };
        if (problem is not null)
        {
            yaml.Error(targetNode, targetPath, problem);
            return null;
        }
        return new ReadySpec(kind, target, timeout ?? DefaultReadyTimeout);
    }

    /// <summary>A template field's text after checking its placeholders; null (and errors) otherwise.</summary>
    private string? ReadTemplate(YamlNode? node, string path, IReadOnlyList<string> known)
    {
        if (node is null || yaml.Text(node, path) is not { } text)
        {
            return null;
        }
        if (PlaceholderTemplate.Validate(text) is { } malformed)
        {
            yaml.Error(node, path, malformed);
            return null;
        }
        var unknown = PlaceholderTemplate.Names(text).Where(n => !known.Contains(n)).ToList();
        foreach (var name in unknown)
        {
            yaml.Error(node, path, $"unknown placeholder '{{{name}}}'; known placeholders: {string.Join(", ", known)}");
        }
        return unknown.Count == 0 ? text : null;
    }

    private string? ResolveCwd(string? cwd)
    {
        // A cwd that starts with a placeholder (e.g. {record_dir}) is only known per record, so it is left as written.
        var startsWithPlaceholder = cwd is ['{', not '{', ..];
        if (cwd is null || baseDirectory is null || startsWithPlaceholder || Path.IsPathRooted(cwd))
        {
            return cwd;
        }
        return Path.GetFullPath(Path.Combine(baseDirectory, cwd));
    }

    private static string? CheckTcpTarget(string target)
    {
        var colon = target.LastIndexOf(':');
        return colon > 0 && colon < target.Length - 1 ? null : $"'{target}' must be host:port, e.g. 127.0.0.1:{{port}}";
    }

    private static string? CheckLogPattern(string pattern)
    {
        // Placeholder values are pasted into the regex as they are; a digit stands in for them here.
        var sample = PlaceholderTemplate.Substitute(pattern, PlaceholderTemplate.Names(pattern).ToDictionary(n => n, _ => "0"));
        try
        {
            _ = new Regex(sample, RegexOptions.None, TimeSpan.FromSeconds(1));
            return null;
        }
        catch (ArgumentException ex)
        {
            return $"'{pattern}' is not a valid regular expression: {ex.Message}";
        }
    }

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex EnvName();
}
