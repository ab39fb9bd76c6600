using Microsoft.Extensions.DependencyInjection;
using StreamLab.Collectors.Files;
using StreamLab.Collectors.Host;
using StreamLab.Collectors.Impairment;
using StreamLab.Collectors.Import;
using StreamLab.Collectors.Limits;
using StreamLab.Collectors.Processes;
using StreamLab.Collectors.Prometheus;
using StreamLab.Collectors.Sampling;
using StreamLab.Core.RunEnvironment;
using StreamLab.Core.Running;

namespace StreamLab.Collectors;

/// <summary>Registers what StreamLab.Collectors provides to the runner.</summary>
public static class CollectorsServiceCollectionExtensions
{
    public static IServiceCollection AddStreamLabCollectors(this IServiceCollection services)
    {
        services.AddSingleton<IRoleLauncher>(sp => new RoleLauncher(sp.GetService<TimeProvider>()));
        services.AddSingleton<IUsageProbeFactory>(sp => new ProcUsageProbeFactory(sp.GetService<TimeProvider>()));
        services.AddSingleton<IRecordFileFollowerFactory, RecordFileFollowerFactory>();
        services.AddSingleton<IHostFingerprintProvider, HostFingerprintProvider>();
        services.AddSingleton<IPortAllocator, LoopbackPortAllocator>();
        services.AddSingleton<IStrayProcessReaper, StrayProcessReaper>();
        services.AddSingleton<IMetricsScraper>(_ => new PrometheusScraper());
        services.AddSingleton<RunFolderImporter>();
        services.AddSingleton<IImpairmentRelayFactory, ImpairmentRelayFactory>();
        services.AddSingleton<IResourceLimiter, CgroupLimiter>();
        return services;
    }
}
