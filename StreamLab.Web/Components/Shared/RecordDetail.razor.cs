using Microsoft.AspNetCore.Components;
using StreamLab.Core.Storage;
using StreamLab.Web.Dashboard;
using StreamLab.Web.Reports;

namespace StreamLab.Web.Components.Shared;

/// <summary>Loads a record's raw rows once and turns them into reduced charts; reads its role logs from its folder.</summary>
public partial class RecordDetail : IDisposable
{
    private static readonly TimeSpan RunningRefresh = TimeSpan.FromSeconds(2);
    private RecordReportView? _view;
    private IReadOnlyList<RoleLog> _logs = [];
    private long _loadedId = -1;
    private RecordView? _current;
    private readonly CancellationTokenSource _stop = new();

    [Inject] private IResultStore Store { get; set; } = default!;
    [Inject] private RecordLogs Logs { get; set; } = default!;

    [Parameter, EditorRequired] public RecordView Record { get; set; } = default!;

    /// <summary>The record as last loaded: the parameter, refreshed while it is still running.</summary>
    private RecordView Shown => _current ?? Record;

    protected override async Task OnParametersSetAsync()
    {
        if (_loadedId == Record.Id)
        {
            return;
        }
        _loadedId = Record.Id;
        _current = Record;
        _view = null;
        await LoadAsync();
        if (RendererInfo.IsInteractive && Record.Status == RecordStatus.Running)
        {
            _ = FollowAsync(Record.Id);
        }
    }

    private async Task LoadAsync()
    {
        _logs = Logs.Read(Shown.RecordDir);
        _view = RecordReportView.Build(Shown, await RecordChartData.LoadAsync(Store, Shown));
    }

    /// <summary>A running record's rows arrive in batches: reload every couple of seconds until it ends.</summary>
    private async Task FollowAsync(long id)
    {
        try
        {
            using var timer = new PeriodicTimer(RunningRefresh);
            while (await timer.WaitForNextTickAsync(_stop.Token) && _loadedId == id)
            {
                await InvokeAsync(async () =>
                {
                    _current = await Store.GetRecordAsync(id, _stop.Token) ?? _current;
                    await LoadAsync();
                    StateHasChanged();
                });
                if (_current?.Status != RecordStatus.Running)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The page went away.
        }
    }

    public void Dispose()
    {
        // Cancelled, not disposed: a refresh in flight may still read the token (a CTS without a timer holds nothing).
        _stop.Cancel();
        GC.SuppressFinalize(this);
    }
}
