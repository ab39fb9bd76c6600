using StreamLab.Web.Dashboard;

namespace StreamLab.Web.Hosting;

/// <summary>Registers and maps StreamLab.Web's services and endpoints.</summary>
public static class WebServiceCollectionExtensions
{
    public static IServiceCollection AddStreamLabWeb(this IServiceCollection services) => services;

    /// <summary>The health probe, then the dashboard (Blazor pages from <c>/</c>, CSV downloads).</summary>
    public static WebApplication MapStreamLabEndpoints(this WebApplication app)
    {
        app.MapGet("/api/health", () => Results.Ok(new { status = "ok" }));
        app.MapStreamLabDashboard();
        return app;
    }
}
