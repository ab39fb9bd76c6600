using Microsoft.Extensions.DependencyInjection;
using StreamLab.Core.Import;
using StreamLab.Core.Running;
using StreamLab.Core.Storage;

namespace StreamLab.Core;

/// <summary>Registers StreamLab.Core's services.</summary>
public static class CoreServiceCollectionExtensions
{
    /// <summary>
    /// Storage (SQLite in <paramref name="dataDirectory"/>, or the PostgreSQL server <paramref name="database"/> names),
    /// the runner, and the system clock. Record folders stay in the data folder whichever database holds the rows.
    /// </summary>
    public static IServiceCollection AddStreamLabCore(this IServiceCollection services, string dataDirectory, DatabaseTarget? database = null)
    {
        var paths = new StreamLabPaths(dataDirectory);
        var target = database ?? DatabaseTarget.Sqlite(paths.DataDirectory);
        services.AddSingleton(paths);
        services.AddSingleton(target);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ =>
        {
            Directory.CreateDirectory(paths.DataDirectory);
            return StoreDatabase.Open(target);
        });
        services.AddSingleton<IResultStore>(sp => new ResultStore(sp.GetRequiredService<StoreDatabase>(), paths.DataDirectory,
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IReportStore>(sp => new ReportStore(sp.GetRequiredService<StoreDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<RecordRunner>();
        services.AddSingleton<RecordWorker>();
        services.AddSingleton<CampaignRunner>();
        services.AddSingleton<RecordImporter>();
        return services;
    }
}
