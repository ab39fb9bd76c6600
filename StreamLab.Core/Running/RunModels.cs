using StreamLab.Core.Matrix;
using StreamLab.Core.Storage;

namespace StreamLab.Core.Running;

/// <summary>
/// How a campaign run should treat earlier results (<paramref name="Fresh"/>), what the run is called (label, revision,
/// notes: stored on the run), and how long a record's lease holds (default <see cref="WorkerOptions.DefaultLease"/>).
/// </summary>
public sealed record RunOptions(bool Fresh = false, string? Label = null, string? Revision = null, string? Notes = null, TimeSpan? Lease = null);

/// <summary>Where a campaign run stands: counts, timing and the record in progress.</summary>
public sealed record RunProgress(int Done, int Total, int Skipped, TimeSpan Elapsed, TimeSpan? Eta, PlannedRun? Current)
{
    public double Fraction => Total == 0 ? 1 : (double)Done / Total;
}

/// <summary>What one record ended as.</summary>
public sealed record RecordOutcome(
    long RecordId,
    string PointKey,
    int Repetition,
    RecordStatus Status,
    string? Reason,
    IReadOnlyDictionary<string, double> Summary,
    TimeSpan Took);

/// <summary>The end of a campaign run.</summary>
public sealed record CampaignRunResult(long CampaignId, IReadOnlyList<RecordOutcome> Outcomes, int Skipped, bool Cancelled)
{
    /// <summary>The run this launch created.</summary>
    public long RunId { get; init; }

    public int Count(RecordStatus status) => Outcomes.Count(o => o.Status == status);
}

/// <summary>Told about each record as a campaign runs (CLI progress lines, the dashboard's live view).</summary>
public interface ICampaignRunObserver
{
    void OnRecordStarting(PlannedRun run, RunProgress progress);
    void OnRecordFinished(RecordOutcome outcome, RunProgress progress);
}
