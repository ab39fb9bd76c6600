using System.Net;
using System.Text;
using StreamLab.Core.Storage;
using StreamLab.Web.Diagnostics;

namespace StreamLab.Web.Hosting;

/// <summary>Registers and maps StreamLab.Web's services and endpoints.</summary>
public static class WebServiceCollectionExtensions
{
    public static IServiceCollection AddStreamLabWeb(this IServiceCollection services) =>
        services.AddSingleton<MetricsExporter>();

    /// <summary>A plain overview page and a health probe; the dashboard builds on these.</summary>
    public static WebApplication MapStreamLabEndpoints(this WebApplication app)
    {
        app.MapGet("/api/health", () => Results.Ok(new { status = "ok" }));
        // Resolved now so the listener counts from start-up, not from the first scrape.
        var exporter = app.Services.GetRequiredService<MetricsExporter>();
        app.MapGet("/metrics", () => Results.Text(exporter.Render(), MetricsExporter.ContentType));
        app.MapGet("/", async (IResultStore store, CancellationToken ct) =>
        {
            var campaigns = await store.ListCampaignsAsync(ct);
            var records = await store.ListRecordsAsync(null, ct);
            var html = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>StreamLab</title></head><body>");
            html.Append("<h1>StreamLab</h1>");
            if (campaigns.Count == 0)
            {
                html.Append("<p>No campaigns yet. Run one: <code>./run.sh run campaigns/ext-demo.yaml</code></p>");
            }
            foreach (var c in campaigns)
            {
                var mine = records.Where(r => r.CampaignId == c.Id).ToArray();
                html.Append($"<h2>{WebUtility.HtmlEncode(c.Name)}</h2><p>{WebUtility.HtmlEncode(c.Description ?? "")}</p><table border=\"1\"><tr><th>id</th><th>point</th><th>rep</th><th>status</th><th>fps_mean</th><th>latency_p95_ms</th><th>reason</th></tr>");
                foreach (var r in mine)
                {
                    string Cell(string m) => r.Summary.TryGetValue(m, out var v) ? v.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) : "-";
                    html.Append($"<tr><td>{r.Id}</td><td>{WebUtility.HtmlEncode(r.PointKey)}</td><td>{r.Repetition}</td><td>{r.Status.ToString().ToLowerInvariant()}</td><td>{Cell("fps_mean")}</td><td>{Cell("latency_p95_ms")}</td><td>{WebUtility.HtmlEncode(r.Reason ?? "")}</td></tr>");
                }
                html.Append("</table>");
            }
            html.Append("</body></html>");
            return Results.Content(html.ToString(), "text/html; charset=utf-8");
        });
        return app;
    }
}
