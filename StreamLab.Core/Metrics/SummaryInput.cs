using StreamLab.Core.Storage;

namespace StreamLab.Core.Metrics;

/// <summary>What a record's summary is computed from: its raw rows and its measurement window [T0, T1).</summary>
public sealed record SummaryInput(
    RecordRaw Raw,
    long T0Us,
    long T1Us,
    IReadOnlyList<string> Roles,
    long? FramesRoleStartUs)
{
    /// <summary>Counter selectors from <c>collect.counters</c>, summarised as <c>_delta</c> and <c>_rate</c>.</summary>
    public IReadOnlyList<string> Counters { get; init; } = [];
}
