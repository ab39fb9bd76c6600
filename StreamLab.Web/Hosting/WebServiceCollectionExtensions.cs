using Prometheus;
using StreamLab.Web.Api;
using StreamLab.Web.Dashboard;
using StreamLab.Web.Diagnostics;
using StreamLab.Web.Security;

namespace StreamLab.Web.Hosting;

/// <summary>Registers and maps StreamLab.Web's services and endpoints.</summary>
public static class WebServiceCollectionExtensions
{
    public static IServiceCollection AddStreamLabWeb(this IServiceCollection services) =>
        services.AddSingleton<PrometheusMetrics>().AddStreamLabApi().AddCompareAndTargets();

    /// <summary>Request log, HTTP metrics, problem details under /api, the health probe, /metrics, the dashboard (Blazor pages from <c>/</c>), the REST API and report exports.</summary>
    public static WebApplication MapStreamLabEndpoints(this WebApplication app)
    {
        app.UseStreamLabRequestLogging();
        // Resolved now so the meter adapter counts from start-up, not from the first scrape.
        var metrics = app.Services.GetRequiredService<PrometheusMetrics>();
        app.UseHttpMetrics(options => options.SetMetricFactory(metrics.Factory));
        app.UseStreamLabSecurity();
        app.UseStreamLabApiErrors();
        app.MapGet("/api/health", () => Results.Ok(new { status = "ok" }));
        app.MapMetrics(settings => settings.Registry = metrics.Registry);
        app.MapCompareTargetsApi();
        app.MapStreamLabDashboard();
        app.MapStreamLabApi();
        return app;
    }
}
