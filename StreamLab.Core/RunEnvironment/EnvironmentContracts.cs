namespace StreamLab.Core.RunEnvironment;

/// <summary>Receives what the relay reports (burst_on/burst_off…): wall time µs, event kind, detail.</summary>
public delegate void EnvironmentEvent(long wallUs, string kind, string? detail);

/// <summary>Starts the network impairment relay of a record (127.0.0.1 only).</summary>
public interface IImpairmentRelayFactory
{
    /// <summary>Listens on TCP and UDP <paramref name="listenPort"/> and forwards to <paramref name="targetPort"/> under <paramref name="conditions"/>.</summary>
    IImpairmentRelay Start(NetworkConditions conditions, int listenPort, int targetPort, EnvironmentEvent events);
}

/// <summary>A running relay; disposing it closes every connection.</summary>
public interface IImpairmentRelay : IAsyncDisposable
{
    /// <summary>Bytes forwarded and datagrams dropped so far, for the record's closing event.</summary>
    string Statistics();
}

/// <summary>Limits a role's process tree (cgroup v2, v1, or CPU affinity as a fallback).</summary>
public interface IResourceLimiter
{
    /// <summary>Applies the limits to the processes; never throws for missing permission, it falls back and says so.</summary>
    IAppliedLimit Apply(RoleLimits limits, string scopeName, IReadOnlyList<int> pids);
}

/// <summary>What was applied to a role; disposing removes what was created (cgroups).</summary>
public interface IAppliedLimit : IDisposable
{
    /// <summary>What really holds, e.g. <c>cpu=0.5 memory_mb=64 via=cgroup-v1</c>.</summary>
    string Applied { get; }
    /// <summary>Why less than asked was applied, or null.</summary>
    string? Warning { get; }
    /// <summary>How many processes the memory limit's OOM killer has killed so far.</summary>
    int OomKills();
}
