using StreamLab.Collectors;
using StreamLab.Core;
using StreamLab.Core.Storage;
using StreamLab.Web.Hosting;

namespace StreamLab.Web.Cli;

/// <summary>The services a headless command needs, on the same registrations as the web app.</summary>
internal static class CliServices
{
    public static async Task<ServiceProvider> StartAsync(string dataDirectory, CancellationToken ct)
    {
        var services = new ServiceCollection();
        // The console shows warnings (stderr, beside the verb's own output); the log file keeps everything from Information.
        services.AddLogging(b => b.AddStreamLabSerilog(dataDirectory, Serilog.Events.LogEventLevel.Warning));
        services.AddStreamLabCore(dataDirectory);
        services.AddStreamLabCollectors();
        var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<IResultStore>();
        await store.MigrateAsync(ct);
        return provider;
    }
}
