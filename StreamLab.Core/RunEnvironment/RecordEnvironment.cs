using System.Globalization;
using StreamLab.Core.Raw;
using StreamLab.Core.Running;

namespace StreamLab.Core.RunEnvironment;

/// <summary>
/// The environment one record runs in: its impairment relay and the resource limits of its roles.
/// Everything it applies is written to the record as events; disposing it (after the roles are
/// stopped) stops the relay and removes the cgroups, whatever happened to the record.
/// </summary>
internal sealed class RecordEnvironment(long recordId, IRawSink writer, IImpairmentRelayFactory? relays, IResourceLimiter? limiter,
    TimeProvider time) : IAsyncDisposable
{
    private readonly List<(RoleLimits Limits, IAppliedLimit Applied)> _limits = [];
    private readonly List<string> _warnings = [];
    private IImpairmentRelay? _relay;

    /// <summary>Warnings for the record's reason (a limit applied in a weaker form than asked).</summary>
    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>Starts the relay when the plan places one (some <c>net_*</c> parameter is set).</summary>
    public void StartRelay(RecordPlan plan)
    {
        if (plan.Relay is not { } placement)
        {
            return;
        }
        if (relays is null)
        {
            throw new RoleFailedException("relay", "net_* parameters are set but this StreamLab has no impairment relay");
        }
        _relay = relays.Start(placement.Conditions, placement.ListenPort, placement.TargetPort, Add);
        Add(Now(), "relay_start", string.Create(CultureInfo.InvariantCulture,
            $"listen={placement.ListenPort} target={placement.TargetPort} {placement.Conditions}"));
    }

    /// <summary>Puts a just-started role's process tree under its limits (before readiness, so children follow).</summary>
    public void LimitRole(ResolvedRole role, IRoleProcess process, IReadOnlyDictionary<string, string> values)
    {
        RoleLimits? limits;
        try
        {
            limits = RoleLimits.FromValues(role.Name, values);
        }
        catch (FormatException e)
        {
            throw new RoleFailedException(role.Name, e.Message);
        }
        if (limits is null)
        {
            return;
        }
        if (limiter is null)
        {
            throw new RoleFailedException(role.Name, "resource limits are set but this StreamLab has no resource limiter");
        }
        var applied = limiter.Apply(limits, $"r{recordId}-{role.Name}", process.TreePids());
        _limits.Add((limits, applied));
        Add(Now(), "limit_applied", $"role={role.Name} {applied.Applied}");
        if (applied.Warning is { } warning)
        {
            Add(Now(), "limit_warning", $"role={role.Name} {warning}");
            _warnings.Add($"role '{role.Name}': {warning}");
        }
    }

    /// <summary>The failure reason when a memory limit's OOM killer struck, else null.</summary>
    public string? OomReason()
    {
        var killed = _limits.Where(l => l.Applied.OomKills() > 0).ToList();
        if (killed.Count == 0)
        {
            return null;
        }
        foreach (var (limits, applied) in killed)
        {
            Add(Now(), "oom_kill", $"role={limits.Role} kills={applied.OomKills()} memory_mb={limits.MemoryMb}");
        }
        return string.Join("; ", killed.Select(k => $"role '{k.Limits.Role}' was OOM-killed over its {k.Limits.MemoryMb} MB memory limit"));
    }

    public async ValueTask DisposeAsync()
    {
        if (_relay is not null)
        {
            Add(Now(), "relay_stop", _relay.Statistics());
            await _relay.DisposeAsync();
            _relay = null;
        }
        foreach (var (limits, applied) in _limits)
        {
            applied.Dispose();
            Add(Now(), "limit_removed", $"role={limits.Role}");
        }
        _limits.Clear();
    }

    private long Now() => RecordRunner.ToUs(time.GetUtcNow());

    private void Add(long us, string kind, string? detail) => writer.Add(new EventRow(recordId, us, kind, detail));
}
