using System.Text.Json;
using Microsoft.AspNetCore.Components;
using StreamLab.Web.Components.Reports;
using StreamLab.Web.Components.Shared;
using StreamLab.Web.Dashboard.Compare;
using StreamLab.Web.Dashboard.Targets;

namespace StreamLab.Web.Reports;

/// <summary>
/// Builds a kind's view from a live page's URL (<c>/matrix?campaign=…</c>), for <c>POST /api/reports</c>.
/// Throws <see cref="ReportSourceException"/> for a URL that names nothing.
/// </summary>
public delegate Task<IReportView> ReportSource(IServiceProvider services, Uri source, CancellationToken ct);

/// <summary>A source URL that does not name a view (unknown campaign or record, wrong page); the message says which.</summary>
public sealed class ReportSourceException(string message) : Exception(message);

/// <summary>The query of a live page's URL, once the path is checked to be that page's (<c>/matrix</c>, <c>/compare</c>, …).</summary>
public static class ReportSourceQuery
{
    /// <summary>A reader of the query's values (null when absent); throws <see cref="ReportSourceException"/> for another page.</summary>
    public static Func<string, string?> Of(Uri source, string path, string kind)
    {
        if (source.AbsolutePath != path)
        {
            throw new ReportSourceException($"a {kind} report is taken from a {path}?campaign=… URL, not {source.AbsolutePath}");
        }
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(source.Query);
        return key => query.TryGetValue(key, out var v) ? v.ToString() : null;
    }
}

/// <summary>
/// One kind of report: its name (stored with each report), the view record it freezes, and the component that renders
/// that record for live pages and reports alike. The component takes <c>[Parameter] TView View</c> and <c>[Parameter] bool Live</c>.
/// </summary>
public sealed record ReportKind(string Name, Type ViewType, Type ComponentType, ReportSource? Source)
{
    public static ReportKind Of<TView, TComponent>(string name, ReportSource? source = null)
        where TView : class, IReportView
        where TComponent : IComponent =>
        new(name, typeof(TView), typeof(TComponent), source);

    public string Serialize(IReportView view) => JsonSerializer.Serialize(view, ViewType, ReportJson.Options);

    /// <summary>Reads a stored view back; a <see cref="JsonException"/> means the stored data is not this kind's.</summary>
    public IReportView Deserialize(string json) =>
        (IReportView?)JsonSerializer.Deserialize(json, ViewType, ReportJson.Options) ?? throw new JsonException($"report data of kind {Name} is null");

    /// <summary>What the report component is given: the view and <c>Live</c>.</summary>
    public Dictionary<string, object?> Parameters(IReportView view, bool live) => new() { ["View"] = view, ["Live"] = live };
}

/// <summary>Every kind of report. A new kind is one line here.</summary>
public static class ReportKinds
{
    public static readonly IReadOnlyList<ReportKind> All =
    [
        ReportKind.Of<MatrixReportView, MatrixReport>("matrix", MatrixReportView.FromSourceAsync),
        ReportKind.Of<RecordReportView, RecordReport>("record", RecordReportView.FromSourceAsync),
        ReportKind.Of<CompareView, CompareReport>("compare", CompareView.FromSourceAsync),
        ReportKind.Of<TargetsView, TargetsReport>("targets", TargetsView.FromSourceAsync),
    ];

    public static ReportKind? Find(string name) => All.FirstOrDefault(k => k.Name == name);

    public static ReportKind For(IReportView view) =>
        All.FirstOrDefault(k => k.ViewType == view.GetType())
        ?? throw new InvalidOperationException($"{view.GetType().Name} is not registered in ReportKinds.All");
}

/// <summary>One JSON shape for stored views, exports and the API: camelCase, as the chart module expects.</summary>
public static class ReportJson
{
    // Named literals: a sampled series may hold ±Infinity, which plain JSON cannot carry.
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
