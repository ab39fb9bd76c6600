using System.CommandLine;
using StreamLab.Collectors;
using StreamLab.Core;
using StreamLab.Core.Storage;
using StreamLab.Web.Hosting;

namespace StreamLab.Web.Cli;

/// <summary>The services a headless command needs, on the same registrations as the web app.</summary>
internal static class CliServices
{
    /// <summary>Services on the data folder and database the command line names (<c>--data</c>, <c>--db</c>/<c>STREAMLAB_DB</c>).</summary>
    public static Task<ServiceProvider> StartAsync(ParseResult parse, CancellationToken ct)
    {
        var data = parse.GetRequiredValue(StreamLabCli.DataOption);
        return StartAsync(data, StreamLabCli.Database(parse, data), ct);
    }

    /// <summary>
    /// Services on <paramref name="database"/>, reached and migrated before anything else starts: a database that cannot
    /// be used throws <see cref="DatabaseUnavailableException"/> (one line naming host and cause).
    /// </summary>
    public static async Task<ServiceProvider> StartAsync(string dataDirectory, DatabaseTarget database, CancellationToken ct)
    {
        var services = new ServiceCollection();
        // The console shows warnings (stderr, beside the verb's own output); the log file keeps everything from Information.
        services.AddStreamLabSerilog(dataDirectory, Serilog.Events.LogEventLevel.Warning);
        services.AddStreamLabCore(dataDirectory, database);
        services.AddStreamLabCollectors();
        var provider = services.BuildServiceProvider();
        try
        {
            await provider.GetRequiredService<StoreDatabase>().CheckReachableAsync(ct);
            await provider.GetRequiredService<IResultStore>().MigrateAsync(ct);
            return provider;
        }
        catch
        {
            await provider.DisposeAsync();
            throw;
        }
    }
}
