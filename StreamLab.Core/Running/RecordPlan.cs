using System.Globalization;
using System.Text.RegularExpressions;
using StreamLab.Core.Campaigns;
using StreamLab.Core.Matrix;
using StreamLab.Core.RunEnvironment;

namespace StreamLab.Core.Running;

/// <summary>
/// The roles of one record with every placeholder resolved: parameters, ports allocated for this
/// record, the record folder. Values only ever become argv items, never part of a shell string.
/// </summary>
public sealed partial class RecordPlan
{
    private RecordPlan(IReadOnlyDictionary<string, string> values, IReadOnlyList<ResolvedRole> roles, RelayPlacement? relay = null)
    {
        Values = values;
        Roles = roles;
        Relay = relay;
    }

    /// <summary>Where the impairment relay sits, when a <c>net_*</c> parameter is set.</summary>
    public RelayPlacement? Relay { get; }

    /// <summary>Every placeholder value of this record (parameters, ports, record_dir…).</summary>
    public IReadOnlyDictionary<string, string> Values { get; }

    public IReadOnlyList<ResolvedRole> Roles { get; }

    public static RecordPlan Resolve(Campaign campaign, PlannedRun run, string recordDir, IPortAllocator ports)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in campaign.Params)
        {
            values[name] = value;
        }
        foreach (var (name, value) in run.Point.Values)
        {
            values[name] = value;
        }
        values["record_dir"] = recordDir;
        values["duration_s"] = campaign.Duration.TotalSeconds.ToString(CultureInfo.InvariantCulture);
        values["warmup_s"] = campaign.Warmup.TotalSeconds.ToString(CultureInfo.InvariantCulture);
        values["repetition"] = run.Repetition.ToString(CultureInfo.InvariantCulture);
        values["point_key"] = run.Point.Key;
        values["campaign"] = campaign.Name;
        foreach (var port in PortNames(campaign))
        {
            values[port] = ports.Allocate().ToString(CultureInfo.InvariantCulture);
        }

        var relay = PlaceRelay(values, ports);
        var clientValues = values;
        if (relay is not null)
        {
            clientValues = new Dictionary<string, string>(values, StringComparer.Ordinal) { ["port"] = relay.ListenPort.ToString(CultureInfo.InvariantCulture) };
        }
        var roles = campaign.Roles.Select((role, index) => Resolve(role, index == 0 ? values : clientValues, recordDir)).ToArray();
        return new RecordPlan(values, roles, relay);
    }

    /// <summary>
    /// With any net_* parameter, {port} stays the server's (first role's) real port and the roles
    /// after it (the client side) get the relay's port in {port}; the relay forwards to the server.
    /// </summary>
    private static RelayPlacement? PlaceRelay(Dictionary<string, string> values, IPortAllocator ports)
    {
        NetworkConditions? conditions;
        try
        {
            conditions = NetworkConditions.FromValues(values);
        }
        catch (FormatException e)
        {
            throw new RoleFailedException("relay", e.Message);
        }
        if (conditions is null)
        {
            return null;
        }
        if (!values.TryGetValue("port", out var serverPort))
        {
            throw new RoleFailedException("relay", "net_* parameters need the roles to use {port}: the relay sits on it");
        }
        return new RelayPlacement(conditions, ports.Allocate(), int.Parse(serverPort, CultureInfo.InvariantCulture));
    }

    private static ResolvedRole Resolve(RoleSpec role, Dictionary<string, string> values, string recordDir)
    {
        return new ResolvedRole(
            role.Name,
            new RoleLaunch(
                role.Name,
                role.Command.Select(a => PlaceholderTemplate.Substitute(a, values)).ToArray(),
                role.Cwd is null ? null : PlaceholderTemplate.Substitute(role.Cwd, values),
                WithRecordDir(role.Env.ToDictionary(e => e.Key, e => PlaceholderTemplate.Substitute(e.Value, values)), recordDir),
                Path.Combine(recordDir, $"{role.Name}.stdout.log"),
                Path.Combine(recordDir, $"{role.Name}.stderr.log")),
            role.Ready is null ? null : role.Ready with { Target = PlaceholderTemplate.Substitute(role.Ready.Target, values) },
            role.Frames is null ? null : PlaceholderTemplate.Substitute(role.Frames, values),
            role.Events is null ? null : PlaceholderTemplate.Substitute(role.Events, values),
            role.Samples is null ? null : PlaceholderTemplate.Substitute(role.Samples, values),
            role.Prometheus.Select(u => PlaceholderTemplate.Substitute(u, values)).ToArray());
    }

    private static Dictionary<string, string> WithRecordDir(Dictionary<string, string> env, string recordDir)
    {
        env[IStrayProcessReaper.RecordDirVariable] = recordDir;
        return env;
    }

    /// <summary>The port placeholders ({port}, {port2}, …) any template of the campaign uses.</summary>
    private static IEnumerable<string> PortNames(Campaign campaign)
    {
        var templates = campaign.Roles.SelectMany(r =>
            r.Command.Concat(r.Env.Values)
                .Append(r.Cwd).Append(r.Ready?.Target).Append(r.Frames).Append(r.Events).Append(r.Samples).Concat(r.Prometheus))
            .OfType<string>();
        return templates
            .SelectMany(PlaceholderTemplate.Names)
            .Where(n => PortName().IsMatch(n))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
    }

    [GeneratedRegex("^port[0-9]*$")]
    private static partial Regex PortName();
}

/// <summary>The relay of a record: it listens on <paramref name="ListenPort"/> (the client side's {port}) and forwards to the server's.</summary>
public sealed record RelayPlacement(NetworkConditions Conditions, int ListenPort, int TargetPort);

/// <summary>One role of a record, ready to launch.</summary>
public sealed record ResolvedRole(string Name, RoleLaunch Launch, ReadySpec? Ready, string? FramesPath, string? EventsPath, string? SamplesPath,
    IReadOnlyList<string>? PrometheusUrls = null);
