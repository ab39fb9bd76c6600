namespace StreamLab.Tests.TestSupport;

/// <summary>
/// Tests whose assertions are measurements (CPU shares, frame rates) need the machine to
/// themselves: no other test runs while one of them does.
/// </summary>
[CollectionDefinition(nameof(CpuMeasurements), DisableParallelization = true)]
public sealed class CpuMeasurements;
