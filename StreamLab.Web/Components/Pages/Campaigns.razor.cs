using Microsoft.AspNetCore.Components;
using StreamLab.Core.Campaigns;
using StreamLab.Core.Matrix;
using StreamLab.Core.Storage;
using StreamLab.Web.Dashboard;
using StreamLab.Web.Security;

namespace StreamLab.Web.Components.Pages;

/// <summary>A campaign stored in the database with how far its records got.</summary>
public sealed record CampaignRow(string Name, string? Description, string Status, int Records, int? Planned, int Succeeded, int Failed, DateTimeOffset? LastStarted);

/// <summary>The start page: the live queue, every stored campaign, and the launch panel.</summary>
public partial class Campaigns : IDisposable
{
    private IReadOnlyList<QueueEntryView> _queue = [];
    private IReadOnlyList<CampaignRow> _campaigns = [];
    private bool _loading = true;
    private DateTimeOffset _now;
    private string? _cancelError;
    private IDisposable? _subscription;
    private PeriodicTimer? _ticker;
    private readonly CancellationTokenSource _stop = new();

    [Inject] private IResultStore Store { get; set; } = default!;
    [Inject] private CampaignQueue Queue { get; set; } = default!;
    [Inject] private LiveUpdates Live { get; set; } = default!;
    [Inject] private CampaignLauncher Launcher { get; set; } = default!;
    [Inject] private ChangeAccess Access { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;
    [Inject] private ExternalRuns External { get; set; } = default!;

    /// <summary>A campaign run by another StreamLab process on this data folder (<c>streamlab run</c>), if any.</summary>
    private QueueEntryView? _external;

    /// <summary>STREAMLAB_TOKEN is set and this browser has not signed in: changes will be refused, so say where to sign in.</summary>
    private bool _signInNeeded;

    protected override async Task OnInitializedAsync()
    {
        _signInNeeded = !await Access.IsAllowedAsync();
        await ReloadAsync();
        if (RendererInfo.IsInteractive)
        {
            _subscription = Live.Subscribe(() => _ = InvokeAsync(async () =>
            {
                await ReloadAsync();
                StateHasChanged();
            }));
            _ = TickAsync();
        }
    }

    private async Task ReloadAsync()
    {
        _now = Time.GetUtcNow();
        _queue = Queue.Entries.Reverse().ToList();
        _external = External.Current;
        var campaigns = await Store.ListCampaignsAsync(_stop.Token);
        var records = await Store.ListRecordsAsync(null, _stop.Token);
        var running = _queue.Where(q => q.State == QueueState.Running).Select(q => q.Name).ToHashSet();
        if (_external is not null)
        {
            running.Add(_external.Name);
        }
        var queued = _queue.Where(q => q.State == QueueState.Queued).Select(q => q.Name).ToHashSet();
        _campaigns = campaigns.Select(c =>
        {
            var all = records.Where(r => r.CampaignId == c.Id).ToList();
            // Queued records have not run yet: they make the campaign queued (workers on other machines), not a record.
            var mine = all.Where(r => r.Status != RecordStatus.Queued).ToList();
            var planned = CampaignLoader.LoadText(c.Yaml, c.SourcePath) is { IsValid: true } loaded ? MatrixExpander.CountRecords(loaded.Campaign!) : (int?)null;
            var succeeded = mine.Count(r => r.Status == RecordStatus.Succeeded);
            var failed = mine.Count(r => r.Status is RecordStatus.Failed or RecordStatus.Interrupted);
            var status = running.Contains(c.Name) || mine.Any(r => r.Status == RecordStatus.Running) ? "running"
                : queued.Contains(c.Name) || all.Count > mine.Count ? "queued"
                : mine.Count == 0 ? "not run"
                : planned is { } p && succeeded >= p ? "complete" : "partial";
            return new CampaignRow(c.Name, c.Description, status, mine.Count, planned, succeeded, failed, mine.Count == 0 ? null : mine.Max(r => r.StartedAt));
        }).ToList();
        _loading = false;
    }

    /// <summary>While something runs, re-render once a second so elapsed time and the bar move between record boundaries.</summary>
    private async Task TickAsync()
    {
        _ticker = new PeriodicTimer(TimeSpan.FromSeconds(1), Time);
        try
        {
            while (await _ticker.WaitForNextTickAsync(_stop.Token))
            {
                if (Queue.Entries.Any(e => e.State == QueueState.Running) || _external is not null)
                {
                    await InvokeAsync(() =>
                    {
                        _now = Time.GetUtcNow();
                        _queue = Queue.Entries.Reverse().ToList();
                        _external = External.Current;
                        StateHasChanged();
                    });
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The page went away.
        }
    }

    private async Task CancelAsync(int ticket)
    {
        _cancelError = null;
        try
        {
            await Launcher.CancelAsync(ticket);
        }
        catch (ChangeDeniedException denied)
        {
            _cancelError = denied.Message;
        }
    }

    private async Task OnLaunchedAsync()
    {
        await ReloadAsync();
        StateHasChanged();
    }

    private static string MatrixLink(string campaign) => $"/matrix?campaign={Uri.EscapeDataString(campaign)}";

    public void Dispose()
    {
        _subscription?.Dispose();
        _stop.Cancel();
        _ticker?.Dispose();
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }
}
