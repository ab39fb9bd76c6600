using System.Text;
using System.Text.Json;
using StreamLab.Core.Storage;
using StreamLab.Web.Api;

namespace StreamLab.Web.Reports;

/// <summary>
/// A report's exports: <c>/reports/{slug}/export.html</c> (one offline file), <c>data.json</c>, <c>data.csv</c>
/// (<c>?table=</c> picks a table, the first by default); and a 404 status for the page of an unknown slug.
/// </summary>
public static class ReportEndpoints
{
    public static IEndpointRouteBuilder MapReportExports(this IEndpointRouteBuilder app)
    {
        app.MapGet("/reports/{slug}/export.html", async (string slug, IReportStore store, ReportHtmlExporter exporter, HttpContext http, CancellationToken ct) =>
        {
            if (await LoadAsync(store, slug, ct) is not (StoredReport report, ReportKind kind, IReportView view))
            {
                return ApiProblem.NotFound($"There is no report '{slug}'.");
            }
            var html = await exporter.ExportAsync(report, kind, view, http.RequestServices);
            return Results.File(Encoding.UTF8.GetBytes(html), "text/html; charset=utf-8", $"streamlab-report-{slug}.html");
        }).ExcludeFromDescription();

        app.MapGet("/reports/{slug}/data.json", async (string slug, IReportStore store, CancellationToken ct) =>
            await LoadAsync(store, slug, ct) is (StoredReport report, _, IReportView view)
                ? Results.File(Json(report, view), "application/json; charset=utf-8", $"streamlab-report-{slug}.json")
                : ApiProblem.NotFound($"There is no report '{slug}'.")).ExcludeFromDescription();

        app.MapGet("/reports/{slug}/data.csv", async (string slug, string? table, IReportStore store, CancellationToken ct) =>
        {
            if (await LoadAsync(store, slug, ct) is not (StoredReport, _, IReportView view))
            {
                return ApiProblem.NotFound($"There is no report '{slug}'.");
            }
            var tables = view.Tables;
            var chosen = table is null ? tables.FirstOrDefault() : tables.FirstOrDefault(t => t.Name == table);
            if (chosen is null)
            {
                return ApiProblem.BadRequest(tables.Count == 0
                    ? "This report has no tables."
                    : $"table='{table}' is not a table of this report; it has: {string.Join(", ", tables.Select(t => t.Name))}.");
            }
            return Results.File(Encoding.UTF8.GetBytes(Csv.Table(chosen)), "text/csv; charset=utf-8", $"streamlab-report-{slug}-{chosen.Name}.csv");
        }).ExcludeFromDescription();

        // The page of an unknown slug answers a real 404. Blazor renders no body for a response already marked 404,
        // so this small page is written here, in the dashboard's style, instead of the component's "not found" text.
        if (app is IApplicationBuilder pipeline)
        {
            pipeline.Use(async (context, next) =>
            {
                var segments = context.Request.Path.Value?.Trim('/').Split('/');
                if (HttpMethods.IsGet(context.Request.Method) && segments is ["reports", var slug]
                    && await context.RequestServices.GetRequiredService<IReportStore>().GetAsync(slug, context.RequestAborted) is null)
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    context.Response.ContentType = "text/html; charset=utf-8";
                    await context.Response.WriteAsync(NotFoundPage(slug), context.RequestAborted);
                    return;
                }
                await next(context);
            });
        }
        return app;
    }

    private static string NotFoundPage(string slug) => $"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8" /><title>StreamLab · Report not found</title><link rel="stylesheet" href="/css/app.css" /></head>
        <body><div class="sl-shell"><nav class="sl-nav"><span class="sl-brand">StreamLab</span> <a href="/">Campaigns</a> <a href="/matrix">Matrix</a>
        <a href="/records">Records</a> <a href="/reports">Reports</a></nav>
        <main class="sl-main"><h1>Report not found</h1>
        <p class="sl-empty">There is no report <code>{System.Net.WebUtility.HtmlEncode(slug)}</code>. It may have been deleted;
        the <a href="/reports">list of reports</a> has the ones that exist.</p></main></div></body></html>
        """;

    /// <summary>The report with its kind and view, or null when there is none (or its kind is unknown).</summary>
    internal static async Task<(StoredReport, ReportKind, IReportView)?> LoadAsync(IReportStore store, string slug, CancellationToken ct)
    {
        var report = await store.GetAsync(slug, ct);
        if (report is null || ReportKinds.Find(report.Kind) is not { } kind)
        {
            return null;
        }
        return (report, kind, kind.Deserialize(report.DataJson));
    }

    /// <summary>The report's facts, settings, tables and its data exactly as stored (so <c>dataSha256</c> checks against <c>data</c>'s text).</summary>
    internal static byte[] Json(StoredReport report, IReportView view)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false }))
        {
            json.WriteStartObject();
            json.WriteString("slug", report.Slug);
            json.WriteString("kind", report.Kind);
            json.WriteString("title", report.Title);
            json.WriteString("campaign", report.Campaign);
            json.WriteString("createdAt", report.CreatedAt);
            json.WriteString("dataSha256", report.DataHash);
            json.WritePropertyName("settings");
            json.WriteRawValue(report.SettingsJson);
            json.WritePropertyName("tables");
            JsonSerializer.Serialize(json, view.Tables, ReportJson.Options);
            json.WritePropertyName("data");
            json.WriteRawValue(report.DataJson);
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
