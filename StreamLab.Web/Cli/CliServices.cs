using StreamLab.Collectors;
using StreamLab.Core;
using StreamLab.Core.Storage;

namespace StreamLab.Web.Cli;

/// <summary>The services a headless command needs, on the same registrations as the web app.</summary>
internal static class CliServices
{
    public static async Task<ServiceProvider> StartAsync(string dataDirectory, CancellationToken ct)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        services.AddStreamLabCore(dataDirectory);
        services.AddStreamLabCollectors();
        var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<IResultStore>();
        await store.MigrateAsync(ct);
        return provider;
    }
}
