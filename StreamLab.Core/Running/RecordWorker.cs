using Microsoft.Extensions.Logging;
using StreamLab.Core.Campaigns;
using StreamLab.Core.Matrix;
using StreamLab.Core.Storage;

namespace StreamLab.Core.Running;

/// <summary>How a worker claims: which records, how long a lease holds, how often it looks again.</summary>
/// <param name="Scope">The records it may claim.</param>
/// <param name="Lease">How long a claim holds without a heartbeat; heartbeats come every third of it.</param>
/// <param name="Poll">How often an idle worker looks for requeued records while others still run some.</param>
public sealed record WorkerOptions(ClaimScope Scope, TimeSpan Lease, TimeSpan Poll)
{
    public static readonly TimeSpan DefaultLease = TimeSpan.FromSeconds(30);

    public static WorkerOptions For(ClaimScope scope, TimeSpan? lease = null) =>
        new(scope, lease ?? DefaultLease, TimeSpan.FromSeconds(1));
}

/// <summary>The campaign a claimed record belongs to, as its run stored it.</summary>
public interface IRunCampaigns
{
    /// <summary>The campaign to run the run's records with; a <see cref="CampaignLoadResult"/> with errors when it does not load.</summary>
    Task<CampaignLoadResult> LoadAsync(long runId, CancellationToken ct);
}

/// <summary>Told when a worker starts and ends a record.</summary>
public interface IRecordWatch
{
    void Starting(PlannedRun run);
    void Finished(RecordOutcome outcome);
}

/// <summary>
/// One worker: registers itself, claims queued records one at a time and runs them, with a heartbeat that renews the
/// lease of the record in hand. It stops when nothing in its scope is queued or running (a running record of a dead
/// worker is requeued when its lease expires, and this worker may be the one to run it), or when cancelled.
/// </summary>
public sealed class RecordWorker(IResultStore store, RecordRunner records, IHostFingerprintProvider host, TimeProvider time, ILogger<RecordWorker> logger)
{
    /// <summary>Claims and runs records until none is left in scope; <paramref name="watch"/> hears each start and end.</summary>
    public async Task<IReadOnlyList<RecordOutcome>> RunAsync(WorkerOptions options, IRunCampaigns campaigns, IRecordWatch? watch, CancellationToken ct)
    {
        var workerId = await store.RegisterWorkerAsync(WorkerIdentity.Current(), ct);
        logger.LogInformation("Worker {Worker} started ({Host} pid {Pid})", workerId, Environment.MachineName, Environment.ProcessId);
        var outcomes = new List<RecordOutcome>();
        var beat = new Heartbeat(store, workerId, options.Lease, time, logger);
        using var stopBeat = new CancellationTokenSource();
        var beating = beat.RunAsync(stopBeat.Token);
        var fingerprint = host.Get();
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var claimed = await store.ClaimAsync(workerId, options.Scope, options.Lease, fingerprint, ct);
                if (claimed is null)
                {
                    if ((await store.CountQueueAsync(options.Scope, ct)).Drained)
                    {
                        break;
                    }
                    await Task.Delay(options.Poll, time, ct);
                    continue;
                }
                var outcome = await RunClaimedAsync(claimed, beat, campaigns, watch, ct);
                outcomes.Add(outcome);
                watch?.Finished(outcome);
                if (outcome.Status == RecordStatus.Cancelled && ct.IsCancellationRequested)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopped by the user between records.
        }
        finally
        {
            await stopBeat.CancelAsync();
            await beating;
            await store.WorkerStoppedAsync(workerId, CancellationToken.None);
        }
        return outcomes;
    }

    private async Task<RecordOutcome> RunClaimedAsync(ClaimedRecord claimed, Heartbeat beat, IRunCampaigns campaigns, IRecordWatch? watch,
        CancellationToken ct)
    {
        var loaded = await campaigns.LoadAsync(claimed.RunId, ct);
        var planned = loaded.Campaign is { } c
            ? MatrixExpander.Plan(c).FirstOrDefault(r => r.Point.Key == claimed.PointKey && r.Repetition == claimed.Repetition)
            : null;
        if (loaded.Campaign is null || planned is null)
        {
            var why = loaded.Campaign is null
                ? $"the campaign of run {claimed.RunId} does not load: {string.Join("; ", loaded.Errors)}"
                : $"run {claimed.RunId}'s campaign has no point {claimed.PointKey} repetition {claimed.Repetition}";
            await store.FinishRecordAsync(claimed.RecordId, RecordStatus.Failed, why, time.GetUtcNow(), new Dictionary<string, double>(), CancellationToken.None);
            return new RecordOutcome(claimed.RecordId, claimed.PointKey, claimed.Repetition, RecordStatus.Failed, why, new Dictionary<string, double>(), TimeSpan.Zero);
        }
        watch?.Starting(planned);
        // The record stops when the user cancels or when its lease is lost (another worker took it over).
        using var record = CancellationTokenSource.CreateLinkedTokenSource(ct);
        beat.Hold(claimed.RecordId, record);
        try
        {
            return await records.RunAsync(loaded.Campaign, claimed, planned, record.Token);
        }
        finally
        {
            beat.Release();
        }
    }

    /// <summary>Renews the worker's heartbeat and its record's lease every third of the lease; a lost lease cancels the record.</summary>
    private sealed class Heartbeat(IResultStore store, long workerId, TimeSpan lease, TimeProvider time, ILogger logger)
    {
        private readonly Lock _gate = new();
        private (long Id, CancellationTokenSource Cancel)? _held;

        public void Hold(long recordId, CancellationTokenSource cancel)
        {
            lock (_gate)
            {
                _held = (recordId, cancel);
            }
        }

        public void Release()
        {
            lock (_gate)
            {
                _held = null;
            }
        }

        public async Task RunAsync(CancellationToken ct)
        {
            while (!ct.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(lease / 3, time, ct);
                    (long Id, CancellationTokenSource Cancel)? held;
                    lock (_gate)
                    {
                        held = _held;
                    }
                    if (!await store.HeartbeatAsync(workerId, held?.Id, lease, ct) && held is { } lost)
                    {
                        logger.LogWarning("Record {Record}: the lease was lost (requeued for another worker); stopping it", lost.Id);
                        await lost.Cancel.CancelAsync();
                    }
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
                {
                    // The database is away: keep trying; if it stays away past the lease, the record is requeued elsewhere.
                    logger.LogWarning("Heartbeat of worker {Worker} failed: {Message}", workerId, e.Message);
                }
            }
        }
    }
}
