using Radzen;
using StreamLab.Web.Components;

namespace StreamLab.Web.Dashboard;

/// <summary>Registers and maps the Blazor Server dashboard: pages, live queue, static assets, CSV downloads.</summary>
public static class DashboardSetup
{
    /// <summary>Services and static web assets (Radzen's <c>_content</c>, <c>wwwroot</c>) for any environment, in-process tests included.</summary>
    public static WebApplicationBuilder AddStreamLabDashboard(this WebApplicationBuilder builder)
    {
        // The build writes this manifest next to streamlab.dll; it maps wwwroot and package assets to their folders.
        // ASP.NET Core reads it by itself only in Development and only for the entry assembly, so point at it here.
        var manifest = Path.Combine(AppContext.BaseDirectory, "streamlab.staticwebassets.runtime.json");
        if (!File.Exists(manifest))
        {
            manifest = Path.Combine(Path.GetDirectoryName(typeof(App).Assembly.Location) ?? "", "streamlab.staticwebassets.runtime.json");
        }
        if (File.Exists(manifest))
        {
            builder.WebHost.UseSetting(WebHostDefaults.StaticWebAssetsKey, manifest);
            builder.WebHost.UseStaticWebAssets();
        }
        var services = builder.Services;
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddRadzenComponents();
        services.AddSingleton<LiveUpdates>();
        services.AddSingleton<CampaignQueue>();
        services.AddHostedService(sp => sp.GetRequiredService<CampaignQueue>());
        services.AddSingleton<CampaignLibrary>();
        services.AddSingleton<RecordLogs>();
        // Scoped: the upload, launch and targets services ask the access rule about the request or circuit they serve.
        services.AddScoped<RunFolderUpload>();
        services.AddScoped<CampaignLauncher>();
        services.AddSingleton<ExternalRuns>();
        services.AddHostedService(sp => sp.GetRequiredService<ExternalRuns>());
        return builder;
    }

    /// <summary>Static files, antiforgery and the Razor components at <c>/</c>.</summary>
    public static WebApplication MapStreamLabDashboard(this WebApplication app)
    {
        app.UseStaticFiles();
        app.UseAntiforgery();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
