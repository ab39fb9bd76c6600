using StreamLab.Web.Api;
using StreamLab.Web.Dashboard;
using StreamLab.Web.Diagnostics;
using StreamLab.Web.Security;

namespace StreamLab.Web.Hosting;

/// <summary>Registers and maps StreamLab.Web's services and endpoints.</summary>
public static class WebServiceCollectionExtensions
{
    public static IServiceCollection AddStreamLabWeb(this IServiceCollection services) =>
        services.AddSingleton<MetricsExporter>().AddStreamLabApi().AddCompareAndTargets();

    /// <summary>Problem details under /api, the health probe, the dashboard (Blazor pages from <c>/</c>), the REST API and report exports.</summary>
    public static WebApplication MapStreamLabEndpoints(this WebApplication app)
    {
        app.UseStreamLabSecurity();
        app.UseStreamLabApiErrors();
        app.MapGet("/api/health", () => Results.Ok(new { status = "ok" }));
        // Resolved now so the listener counts from start-up, not from the first scrape.
        var exporter = app.Services.GetRequiredService<MetricsExporter>();
        app.MapGet("/metrics", () => Results.Text(exporter.Render(), MetricsExporter.ContentType));
        app.MapCompareTargetsApi();
        app.MapStreamLabDashboard();
        app.MapStreamLabApi();
        return app;
    }
}
