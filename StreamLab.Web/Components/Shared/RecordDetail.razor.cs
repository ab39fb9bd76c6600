using System.Globalization;
using Microsoft.AspNetCore.Components;
using StreamLab.Core.Storage;
using StreamLab.Web.Dashboard;

namespace StreamLab.Web.Components.Shared;

/// <summary>Loads a record's raw rows once and turns them into reduced charts; reads its role logs from its folder.</summary>
public partial class RecordDetail
{
    private const int MaxEvents = 500;
    private RecordRaw? _raw;
    private IReadOnlyList<ChartSpec>? _charts;
    private IReadOnlyList<RoleLog> _logs = [];
    private long _loadedId = -1;

    [Inject] private IResultStore Store { get; set; } = default!;
    [Inject] private RecordLogs Logs { get; set; } = default!;

    [Parameter, EditorRequired] public RecordView Record { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        if (_loadedId == Record.Id)
        {
            return;
        }
        _loadedId = Record.Id;
        _charts = null;
        _logs = Logs.Read(Record.RecordDir);
        _raw = await Store.LoadRawAsync(Record.Id);
        _charts = RecordCharts.Build(Record, _raw);
    }

    private string Seconds(long us) =>
        ((us - Record.StartedAt.ToUnixTimeMilliseconds() * 1000) / 1e6).ToString("0.000", CultureInfo.InvariantCulture);
}
