using System.Diagnostics;
using Microsoft.Extensions.Logging;
using StreamLab.Core.Campaigns;
using StreamLab.Core.Diagnostics;
using StreamLab.Core.Matrix;
using StreamLab.Core.Storage;

namespace StreamLab.Core.Running;

/// <summary>
/// Runs a campaign: creates a run with one queued record per planned (point, repetition) that has not succeeded yet
/// (unless asked to start fresh), then works through them as one worker of that run. A failed record never stops the
/// campaign; cancellation does, after the current record's roles are stopped, and drops what was still queued.
/// </summary>
public sealed class CampaignRunner(
    IResultStore store,
    RecordWorker worker,
    IStrayProcessReaper strays,
    StreamLabPaths paths,
    ILogger<CampaignRunner> logger)
{
    public async Task<CampaignRunResult> RunAsync(Campaign campaign, RunOptions options, ICampaignRunObserver? observer, CancellationToken ct)
    {
        await using var launch = await LaunchAsync(campaign, options, ct);
        var watch = new ProgressWatch(campaign, launch.Todo, launch.Skipped, observer);
        var outcomes = await worker.RunAsync(WorkerOptions.For(new ClaimScope(RunId: launch.RunId), options.Lease),
            new OneCampaign(campaign), watch, ct);
        var cancelled = ct.IsCancellationRequested;
        if (cancelled)
        {
            await store.CancelRunAsync(launch.RunId, CancellationToken.None);
        }
        return new CampaignRunResult(launch.CampaignId, outcomes, launch.Skipped, cancelled) { RunId = launch.RunId };
    }

    /// <summary>
    /// Takes the data folder's run lock, clears what a dead StreamLab left, stores the campaign and creates its run; the
    /// records are then run by whoever claims them (this process, or the workers <c>run --workers N</c> starts).
    /// </summary>
    public async Task<LaunchedRun> LaunchAsync(Campaign campaign, RunOptions options, CancellationToken ct)
    {
        // Planned first: a campaign over the limits throws here, before the lock, the store or any process is touched.
        var plan = MatrixExpander.Plan(campaign);
        var runLock = RunLock.Acquire(paths);
        try
        {
            var running = StreamLabMetrics.CampaignRunning();
            // Holding the lock, nothing else of this data folder runs records through its own launcher: whatever runs is a stray.
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
            var runId = await store.CreateRunAsync(new NewRun(campaignId, campaign.Yaml, options.Label, options.Revision, options.Notes),
                Array.ConvertAll(todo, r => new QueuedRecord(r.Point.Key, Parameters(campaign, r.Point), r.Repetition)), ct);
            logger.LogInformation("Campaign {Campaign} run {Run}: {Todo} record(s) queued, {Skipped} already succeeded",
                campaign.Name, runId, todo.Length, plan.Count - todo.Length);
            return new LaunchedRun(campaignId, runId, todo.Length, plan.Count - todo.Length, runLock, running);
        }
        catch
        {
            runLock.Dispose();
            throw;
        }
    }

    /// <summary>The campaign's fixed parameters with the point's values over them: what the record row keeps.</summary>
    public static Dictionary<string, string> Parameters(Campaign campaign, MatrixPoint point)
    {
        var parameters = new Dictionary<string, string>(campaign.Params, StringComparer.Ordinal);
        foreach (var (name, value) in point.Values)
        {
            parameters[name] = value;
        }
        return parameters;
    }

    /// <summary>The campaign in hand serves every record of its run.</summary>
    private sealed class OneCampaign(Campaign campaign) : IRunCampaigns
    {
        public Task<CampaignLoadResult> LoadAsync(long runId, CancellationToken ct) =>
            Task.FromResult(new CampaignLoadResult(campaign, []));
    }

    /// <summary>Turns a worker's record starts and ends into the campaign's progress (ETA from the mean time per record).</summary>
    private sealed class ProgressWatch(Campaign campaign, int total, int skipped, ICampaignRunObserver? observer) : IRecordWatch
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private int _done;

        public void Starting(PlannedRun run) => observer?.OnRecordStarting(run, Progress(run));

        public void Finished(RecordOutcome outcome)
        {
            _done++;
            observer?.OnRecordFinished(outcome, Progress(null));
        }

        private RunProgress Progress(PlannedRun? current)
        {
            var elapsed = _clock.Elapsed;
            var eta = _done == 0 ? MatrixExpander.Estimate(campaign, total) : elapsed / _done * Math.Max(0, total - _done);
            return new RunProgress(_done, total, skipped, elapsed, eta, current);
        }
    }
}

/// <summary>A run created under the data folder's run lock, which it holds until disposed.</summary>
public sealed class LaunchedRun(long campaignId, long runId, int todo, int skipped, IDisposable runLock, IDisposable running) : IAsyncDisposable
{
    public long CampaignId { get; } = campaignId;
    public long RunId { get; } = runId;
    public int Todo { get; } = todo;
    public int Skipped { get; } = skipped;

    public ValueTask DisposeAsync()
    {
        running.Dispose();
        runLock.Dispose();
        return ValueTask.CompletedTask;
    }
}
