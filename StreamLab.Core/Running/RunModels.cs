using StreamLab.Core.Matrix;
using StreamLab.Core.Storage;

namespace StreamLab.Core.Running;

/// <summary>How a campaign run should treat earlier results.</summary>
public sealed record RunOptions(bool Fresh = false);

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
    public int Count(RecordStatus status) => Outcomes.Count(o => o.Status == status);
}

/// <summary>Told about each record as a campaign runs (CLI progress lines, the dashboard's live view).</summary>
public interface ICampaignRunObserver
{
    void OnRecordStarting(PlannedRun run, RunProgress progress);
    void OnRecordFinished(RecordOutcome outcome, RunProgress progress);
}
