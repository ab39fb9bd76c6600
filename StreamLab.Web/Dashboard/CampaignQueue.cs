using System.Threading.Channels;
using StreamLab.Core.Campaigns;
using StreamLab.Core.Matrix;
using StreamLab.Core.Running;

namespace StreamLab.Web.Dashboard;

/// <summary>
/// Campaigns launched from the dashboard, run one at a time through the same <see cref="CampaignRunner"/>
/// the CLI uses; every change is published to <see cref="LiveUpdates"/>.
/// </summary>
public sealed class CampaignQueue(CampaignRunner runner, LiveUpdates live, TimeProvider time, ILogger<CampaignQueue> logger)
    : BackgroundService
{
    private readonly Channel<QueuedCampaign> _pending = Channel.CreateUnbounded<QueuedCampaign>();
    private readonly Lock _gate = new();
    private readonly List<QueuedCampaign> _entries = [];
    private int _nextTicket;

    /// <summary>Every campaign queued since the app started, oldest first.</summary>
    public IReadOnlyList<QueueEntryView> Entries
    {
        get
        {
            lock (_gate)
            {
                return _entries.ConvertAll(e => e.View);
            }
        }
    }

    public QueueEntryView Enqueue(Campaign campaign, bool fresh = false)
    {
        QueuedCampaign entry;
        lock (_gate)
        {
            entry = new QueuedCampaign(++_nextTicket, campaign, fresh, time.GetUtcNow());
            _entries.Add(entry);
        }
        _pending.Writer.TryWrite(entry);
        logger.LogInformation("Queued campaign {Campaign} as #{Ticket}", campaign.Name, entry.View.Ticket);
        live.Publish();
        return entry.View;
    }

    /// <summary>Cancels a queued or running campaign; a running one stops after its current record's roles are reaped.</summary>
    public bool Cancel(int ticket)
    {
        QueuedCampaign? entry;
        lock (_gate)
        {
            entry = _entries.Find(e => e.View.Ticket == ticket);
        }
        if (entry is null || !entry.View.IsActive)
        {
            return false;
        }
        entry.Cancellation.Cancel();
        live.Publish();
        return true;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var entry in _pending.Reader.ReadAllAsync(stoppingToken))
            {
                await RunOneAsync(entry, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The app is stopping.
        }
    }

    private async Task RunOneAsync(QueuedCampaign entry, CancellationToken stoppingToken)
    {
        if (entry.Cancellation.IsCancellationRequested)
        {
            entry.Update(v => v with { State = QueueState.Cancelled, EndedAt = time.GetUtcNow(), Message = "cancelled before it started" });
            live.Publish();
            return;
        }
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, entry.Cancellation.Token);
        try
        {
            var total = MatrixExpander.CountRecords(entry.Campaign);
            entry.Update(v => v with
            {
                State = QueueState.Running,
                StartedAt = time.GetUtcNow(),
                Progress = new RunProgress(0, total, 0, TimeSpan.Zero, MatrixExpander.Estimate(entry.Campaign, total), null),
            });
            live.Publish();
            var result = await runner.RunAsync(entry.Campaign, new RunOptions(entry.Fresh), new Observer(entry, live, time), linked.Token);
            var failed = result.Outcomes.Count(o => o.Status is not Core.Storage.RecordStatus.Succeeded);
            entry.Update(v => v with
            {
                State = result.Cancelled ? QueueState.Cancelled : QueueState.Finished,
                EndedAt = time.GetUtcNow(),
                CurrentPoint = null,
                CurrentRepetition = null,
                Message = result.Cancelled
                    ? $"stopped after {result.Outcomes.Count} record(s); the record in progress was cancelled and its processes reaped"
                    : $"{result.Outcomes.Count - failed} succeeded, {failed} failed, {result.Skipped} skipped (already succeeded)",
            });
        }
        catch (OperationCanceledException)
        {
            entry.Update(v => v with { State = QueueState.Cancelled, EndedAt = time.GetUtcNow(), Message = "stopped; the record in progress was cancelled" });
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            logger.LogError(e, "Campaign {Campaign} failed to run", entry.Campaign.Name);
            entry.Update(v => v with { State = QueueState.Failed, EndedAt = time.GetUtcNow(), Message = e.Message });
        }
        live.Publish();
    }

    /// <summary>Turns the runner's per-record calls into queue-entry updates.</summary>
    private sealed class Observer(QueuedCampaign entry, LiveUpdates live, TimeProvider time) : ICampaignRunObserver
    {
        public void OnRecordStarting(PlannedRun run, RunProgress progress)
        {
            entry.Update(v => v with
            {
                Progress = progress,
                CurrentPoint = run.Point.Key.Length == 0 ? "(no matrix parameters)" : run.Point.Key,
                CurrentRepetition = run.Repetition,
                CurrentStartedAt = time.GetUtcNow(),
            });
            live.Publish();
        }

        public void OnRecordFinished(RecordOutcome outcome, RunProgress progress)
        {
            // A cancelled record is the user's doing, not a failure of the system under test.
            var failed = outcome.Status is Core.Storage.RecordStatus.Failed or Core.Storage.RecordStatus.Interrupted ? 1 : 0;
            entry.Update(v => v with { Progress = progress, FailedRecords = v.FailedRecords + failed, CurrentStartedAt = null });
            live.Publish();
        }
    }
}
