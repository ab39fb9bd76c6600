using System.Text.Json.Serialization;
using StreamLab.Core.Metrics;
using StreamLab.Core.Raw;
using StreamLab.Core.Storage;
using StreamLab.Web.Dashboard;

namespace StreamLab.Web.Reports;

/// <summary>What the record viewer shows of one record: its facts, reduced charts, summary and first events (logs stay live-only).</summary>
public sealed record RecordReportView(RecordView Record, IReadOnlyList<ChartSpec> Charts, IReadOnlyList<EventRow> Events,
    int EventCount, int FrameCount, int SampleCount) : IReportView
{
    /// <summary>Events kept in the view (all of them are in the record's events.csv while it exists).</summary>
    public const int MaxEvents = 500;

    public string Campaign => Record.Campaign;

    public string Title => $"Record {Record.Id} — {Record.Campaign} {(Record.PointKey.Length == 0 ? "" : Record.PointKey + " ")}rep {Record.Repetition}";

    public string SourceUrl => $"/records/{Record.Id}";

    [JsonIgnore]
    public IReadOnlyList<ReportTable> Tables =>
    [
        new ReportTable("summary", ["metric", "value", "unit", "better"],
            Record.Summary.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m =>
            {
                var d = MetricCatalogue.Describe(m.Key);
                return (IReadOnlyList<string?>)[m.Key, ReportTable.Cell(m.Value), d.Unit, Better(d.Direction)];
            }).ToList()),
        new ReportTable("params", ["name", "value"],
            Record.Params.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (IReadOnlyList<string?>)[p.Key, p.Value]).ToList()),
        new ReportTable("events", ["wall_us", "event", "detail"],
            Events.Select(e => (IReadOnlyList<string?>)[ReportTable.Cell(e.TimeUs), e.Kind, e.Detail]).ToList()),
    ];

    public static string Better(Direction direction) => direction switch
    {
        Direction.LowerIsBetter => "lower",
        Direction.HigherIsBetter => "higher",
        _ => "",
    };

    public static RecordReportView Build(RecordView record, RecordChartData data) =>
        new(record, RecordCharts.Build(record, data), data.Events.Take(MaxEvents).ToList(), data.Events.Count, data.Frames.Count, data.Samples.Count);

    /// <summary>From a <c>/records/{id}</c> URL.</summary>
    public static async Task<IReportView> FromSourceAsync(IServiceProvider services, Uri source, CancellationToken ct)
    {
        var segments = source.AbsolutePath.Trim('/').Split('/');
        if (segments is not ["records", var text] || !long.TryParse(text, out var id))
        {
            throw new ReportSourceException($"a record report is taken from a /records/{{id}} URL, not {source.AbsolutePath}");
        }
        var store = services.GetRequiredService<IResultStore>();
        var record = await store.GetRecordAsync(id, ct) ?? throw new ReportSourceException($"there is no record {id}");
        return Build(record, await RecordChartData.LoadAsync(store, record, ct));
    }
}
