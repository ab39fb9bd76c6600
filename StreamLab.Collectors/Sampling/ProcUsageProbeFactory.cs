using StreamLab.Core.Running;

namespace StreamLab.Collectors.Sampling;

/// <summary>Usage probes read from /proc; create a tree probe when the role starts, since its first read covers the time since creation.</summary>
public sealed class ProcUsageProbeFactory(TimeProvider? clock = null) : IUsageProbeFactory
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public IUsageProbe ForProcessTree(Func<IReadOnlyList<int>> treePids) => new ProcessTreeUsageProbe(treePids, _clock);

    public IUsageProbe ForSystem() => new SystemUsageProbe();
}
