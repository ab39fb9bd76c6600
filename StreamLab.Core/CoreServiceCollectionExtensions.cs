using Microsoft.Extensions.DependencyInjection;
using StreamLab.Core.Import;
using StreamLab.Core.Running;
using StreamLab.Core.Storage;

namespace StreamLab.Core;

/// <summary>Registers StreamLab.Core's services.</summary>
public static class CoreServiceCollectionExtensions
{
    /// <summary>Storage on SQLite in <paramref name="dataDirectory"/>, the runner, and the system clock.</summary>
    public static IServiceCollection AddStreamLabCore(this IServiceCollection services, string dataDirectory)
    {
        var paths = new StreamLabPaths(dataDirectory);
        services.AddSingleton(paths);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IResultStore>(_ => ResultStore.OpenSqlite(paths.DataDirectory));
        services.AddSingleton<IReportStore>(sp => new ReportStore(
            SqliteSetup.ConnectionString(Path.Combine(paths.DataDirectory, SqliteSetup.FileName)), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<RecordRunner>();
        services.AddSingleton<CampaignRunner>();
        services.AddSingleton<RecordImporter>();
        return services;
    }
}
