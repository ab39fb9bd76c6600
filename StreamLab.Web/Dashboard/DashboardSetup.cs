using Radzen;
using StreamLab.Web.Components;

namespace StreamLab.Web.Dashboard;

/// <summary>Registers and maps the Blazor Server dashboard: pages, live queue, static assets, CSV downloads.</summary>
public static class DashboardSetup
{
    /// <summary>
    /// Services and static web assets for any environment, in-process tests included. A build writes
    /// <c>streamlab.staticwebassets.runtime.json</c> next to streamlab.dll: it maps <c>wwwroot</c> and the packages'
    /// assets (Blazor's own script among them) to their folders. ASP.NET Core reads it by itself only in Development and
    /// only for the entry assembly, so <c>./run.sh</c> (a Release build in Production) and the tests point at it here;
    /// a published app has no such file and serves everything from its own <c>wwwroot</c>.
    /// </summary>
    public static WebApplicationBuilder AddStreamLabDashboard(this WebApplicationBuilder builder)
    {
        var manifest = Path.Combine(AssetDirectory, "streamlab.staticwebassets.runtime.json");
        if (File.Exists(manifest))
        {
            builder.WebHost.UseSetting(WebHostDefaults.StaticWebAssetsKey, manifest);
            builder.WebHost.UseStaticWebAssets();
            // MapStaticAssets treats a build manifest as development: it would answer every asset, fingerprinted or
            // not, with no-cache and re-read it per request. These files never change under a running app, so the
            // manifest's own headers hold (fingerprinted = immutable) unless someone asks for reloading.
            if (builder.Configuration[ReloadKey] is null)
            {
                builder.Configuration[ReloadKey] = "false";
            }
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

    /// <summary>
    /// Static assets (compressed, fingerprinted, cached: the endpoints manifest of the build or publish), antiforgery
    /// and the Razor components at <c>/</c>.
    /// </summary>
    public static WebApplication MapStreamLabDashboard(this WebApplication app)
    {
        // Named, because the entry assembly (and so the default manifest name) is the test host's in tests.
        var endpoints = Path.Combine(AssetDirectory, "streamlab.staticwebassets.endpoints.json");
        app.UseAntiforgery();
        app.MapStaticAssets(endpoints);
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode().WithStaticAssets(endpoints);
        return app;
    }

    private const string ReloadKey = "ReloadStaticAssetsAtRuntime";

    /// <summary>Where streamlab.dll and its static-asset manifests are: the app's folder, or a test's output folder.</summary>
    private static string AssetDirectory => Path.GetDirectoryName(typeof(App).Assembly.Location) ?? AppContext.BaseDirectory;
}
