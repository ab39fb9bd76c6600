using StreamLab.Web.Api;
using StreamLab.Web.Dashboard;
using StreamLab.Web.Diagnostics;

namespace StreamLab.Web.Hosting;

/// <summary>Registers and maps StreamLab.Web's services and endpoints.</summary>
public static class WebServiceCollectionExtensions
{
    public static IServiceCollection AddStreamLabWeb(this IServiceCollection services) =>
        services.AddSingleton<MetricsExporter>().AddCompareAndTargets();

    /// <summary>The health probe, then the dashboard (Blazor pages from <c>/</c>, CSV downloads).</summary>
    public static WebApplication MapStreamLabEndpoints(this WebApplication app)
    {
        app.MapGet("/api/health", () => Results.Ok(new { status = "ok" }));
        // Resolved now so the listener counts from start-up, not from the first scrape.
        var exporter = app.Services.GetRequiredService<MetricsExporter>();
        app.MapGet("/metrics", () => Results.Text(exporter.Render(), MetricsExporter.ContentType));
        app.MapCompareTargetsApi();
        app.MapStreamLabDashboard();
        return app;
    }
}
