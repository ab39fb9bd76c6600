using StreamLab.Core.Campaigns;
using StreamLab.Core.Running;

namespace StreamLab.Web.Dashboard;

/// <summary>Where a campaign launched from the dashboard stands in the queue.</summary>
public enum QueueState { Queued, Running, Finished, Failed, Cancelled }

/// <summary>An immutable view of one queued campaign, replaced as the run moves on.</summary>
public sealed record QueueEntryView(
    int Ticket,
    string Name,
    QueueState State,
    RunProgress? Progress,
    string? CurrentPoint,
    int? CurrentRepetition,
    DateTimeOffset? CurrentStartedAt,
    TimeSpan RecordLength,
    int FailedRecords,
    string? Message,
    DateTimeOffset QueuedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt)
{
    public bool IsActive => State is QueueState.Queued or QueueState.Running;
}

/// <summary>A campaign in the dashboard's queue: what to run and how it is going.</summary>
public sealed class QueuedCampaign
{
    private QueueEntryView _view;

    public QueuedCampaign(int ticket, Campaign campaign, bool fresh, DateTimeOffset queuedAt)
    {
        Campaign = campaign;
        Fresh = fresh;
        _view = new QueueEntryView(ticket, campaign.Name, QueueState.Queued, null, null, null, null,
            campaign.Warmup + campaign.Duration, 0, null, queuedAt, null, null);
    }

    public Campaign Campaign { get; }
    public bool Fresh { get; }
    public CancellationTokenSource Cancellation { get; } = new();
    public QueueEntryView View => Volatile.Read(ref _view);

    /// <summary>Replaces the view; only the queue's worker calls this, so there is one writer.</summary>
    internal void Update(Func<QueueEntryView, QueueEntryView> change) => Volatile.Write(ref _view, change(_view));
}
