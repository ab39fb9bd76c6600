using Microsoft.AspNetCore.Components;
using StreamLab.Core.Metrics;
using StreamLab.Core.Storage;

namespace StreamLab.Web.Components.Pages;

/// <summary>
/// <c>/records/{id}</c> shows one record; <c>/records?campaign=…&amp;point=…&amp;rep=…</c> shows the one record those name,
/// or the list of records that match when they name several (or none: every record).
/// </summary>
public partial class Records
{
    private RecordView? _record;
    private IReadOnlyList<RecordView> _list = [];
    private IReadOnlyList<string> _columns = [];
    private bool _loading = true;
    private string? _notFound;

    [Inject] private IResultStore Store { get; set; } = default!;

    [Parameter] public long? Id { get; set; }

    [SupplyParameterFromQuery(Name = "campaign")] public string? Campaign { get; set; }

    [SupplyParameterFromQuery(Name = "point")] public string? Point { get; set; }

    [SupplyParameterFromQuery(Name = "rep")] public int? Rep { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        _loading = true;
        _record = null;
        _notFound = null;
        if (Id is { } id)
        {
            _record = await Store.GetRecordAsync(id);
            _notFound = _record is null ? $"There is no record {id}." : null;
            _list = _record is null ? await Store.ListRecordsAsync() : [];
        }
        else
        {
            var all = await Store.ListRecordsAsync(Campaign);
            _list = all.Where(r => (Point is null || r.PointKey == Point) && (Rep is null || r.Repetition == Rep)).ToList();
            if (_list.Count == 1 && Point is not null && Rep is not null)
            {
                _record = _list[0];
            }
        }
        _columns = HeadlineMetrics.For(_list.Select(r => r.Summary));
        _loading = false;
    }

    private static string Cell(RecordView r, string metric) =>
        r.Summary.TryGetValue(metric, out var v) ? MetricCatalogue.Describe(metric).FormatValue(v) : "—";
}
