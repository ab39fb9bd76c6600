using System.Diagnostics;
using Microsoft.Extensions.Logging;
using StreamLab.Core.Campaigns;
using StreamLab.Core.Diagnostics;
using StreamLab.Core.Matrix;
using StreamLab.Core.Storage;

namespace StreamLab.Core.Running;

/// <summary>
/// Runs a campaign: every planned (point, repetition) in order, skipping repetitions that already
/// succeeded unless asked to start fresh. A failed record never stops the campaign; cancellation does,
/// after the current record's roles are stopped.
/// </summary>
public sealed class CampaignRunner(
    IResultStore store,
    RecordRunner records,
    IStrayProcessReaper strays,
    StreamLabPaths paths,
    ILogger<CampaignRunner> logger)
{
    public async Task<CampaignRunResult> RunAsync(Campaign campaign, RunOptions options, ICampaignRunObserver? observer, CancellationToken ct)
    {
        // Planned first: a campaign over the limits throws here, before the lock, the store or any process is touched.
        var plan = MatrixExpander.Plan(campaign);
        using var runLock = RunLock.Acquire(paths);
        using var running = StreamLabMetrics.CampaignRunning();
        // Holding the lock, nothing else runs records of this data folder: whatever still runs is a stray.
        var killed = strays.KillStrays(paths.RecordsDirectory);
        var interrupted = await store.MarkInterruptedAsync(ct);
        if (interrupted > 0 || killed.Count > 0)
        {
            logger.LogWarning("A StreamLab stopped mid-record: marked {Count} record(s) interrupted, killed {Strays} leftover process(es)",
                interrupted, killed.Count);
        }
        var campaignId = await store.UpsertCampaignAsync(campaign, ct);
        if (options.Fresh)
        {
            await store.DeleteRecordsAsync(campaignId, ct);
        }
        var done = await store.SucceededAsync(campaignId, ct);
        var todo = plan.Where(r => !done.Contains((r.Point.Key, r.Repetition))).ToArray();
        var skipped = plan.Count - todo.Length;
        logger.LogInformation("Campaign {Campaign}: {Todo} record(s) to run, {Skipped} already succeeded",
            campaign.Name, todo.Length, skipped);

        var outcomes = new List<RecordOutcome>();
        var clock = Stopwatch.StartNew();
        foreach (var run in todo)
        {
            if (ct.IsCancellationRequested)
            {
                break;
            }
            observer?.OnRecordStarting(run, Progress(campaign, outcomes.Count, todo.Length, skipped, clock.Elapsed, run));
            var outcome = await records.RunAsync(campaign, campaignId, run, ct);
            outcomes.Add(outcome);
            observer?.OnRecordFinished(outcome, Progress(campaign, outcomes.Count, todo.Length, skipped, clock.Elapsed, null));
            if (outcome.Status == RecordStatus.Cancelled)
            {
                break;
            }
        }
        var cancelled = ct.IsCancellationRequested;
        return new CampaignRunResult(campaignId, outcomes, skipped, cancelled);
    }

    /// <summary>ETA from the mean time per finished record (the campaign's estimate before the first), times the records left.</summary>
    private static RunProgress Progress(Campaign campaign, int done, int total, int skipped, TimeSpan elapsed, PlannedRun? current)
    {
        var eta = done == 0 ? MatrixExpander.Estimate(campaign, total) : elapsed / done * (total - done);
        return new RunProgress(done, total, skipped, elapsed, eta, current);
    }
}
