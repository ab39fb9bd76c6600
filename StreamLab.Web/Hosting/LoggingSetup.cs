using Serilog;
using Serilog.Events;
using StreamLab.Core;

namespace StreamLab.Web.Hosting;

/// <summary>
/// Serilog for the app and the CLI verbs: console, plus a daily file <c>data/logs/streamlab-YYYYMMDD.log</c>
/// with structured properties (campaign, record, role from logger scopes) as JSON on each line. A
/// <c>Serilog</c> configuration section (e.g. <c>--Serilog:MinimumLevel:Default=Warning</c>) overrides the levels.
/// </summary>
public static class LoggingSetup
{
    private const string FileTemplate = "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {SourceContext}: {Message:lj} {Properties:j}{NewLine}{Exception}";
    private const string ConsoleTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}";

    public static string LogDirectory(string dataDirectory) => Path.Combine(new StreamLabPaths(dataDirectory).DataDirectory, "logs");

    /// <summary>
    /// Serilog as the app's logger factory, disposed (flushed) with the container: Information and up to the file,
    /// <paramref name="consoleLevel"/> and up to the console.
    /// </summary>
    public static IServiceCollection AddStreamLabSerilog(this IServiceCollection services, string dataDirectory, LogEventLevel consoleLevel,
        IConfiguration? configuration = null) =>
        services.AddLogging().AddSerilog(logger =>
        {
            logger
                .MinimumLevel.Information()
                .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
                .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
                .MinimumLevel.Override("System", LogEventLevel.Warning)
                .Enrich.FromLogContext()
                .WriteTo.Console(restrictedToMinimumLevel: consoleLevel, outputTemplate: ConsoleTemplate,
                    standardErrorFromLevel: LogEventLevel.Verbose, formatProvider: System.Globalization.CultureInfo.InvariantCulture)
                .WriteTo.File(Path.Combine(LogDirectory(dataDirectory), "streamlab-.log"), rollingInterval: RollingInterval.Day,
                    outputTemplate: FileTemplate, retainedFileCountLimit: 31, shared: true, formatProvider: System.Globalization.CultureInfo.InvariantCulture);
            if (configuration is not null)
            {
                logger.ReadFrom.Configuration(configuration);
            }
        }, preserveStaticLogger: true); // each host its own logger: tests run several apps and CLI verbs in one process

    /// <summary>
    /// One line per request (method, path, status, time) at Information; the dashboard's own traffic (scripts, styles,
    /// the circuit's socket, probes and scrapes) at Debug, so a page load is one line, not thirty; failures at Error.
    /// </summary>
    public static WebApplication UseStreamLabRequestLogging(this WebApplication app)
    {
        app.UseSerilogRequestLogging(options =>
        {
            // This app's logger, not the static Log.Logger the middleware would use by default.
            options.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
            options.GetLevel = (context, _, error) =>
                error is not null || context.Response.StatusCode >= 500 ? LogEventLevel.Error
                : IsPlumbing(context.Request.Path) ? LogEventLevel.Debug
                : LogEventLevel.Information;
        });
        return app;
    }

    private static readonly string[] PlumbingPrefixes = ["/_framework", "/_content", "/_blazor", "/css", "/js", "/lib", "/metrics", "/api/health"];

    private static bool IsPlumbing(PathString path) =>
        PlumbingPrefixes.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase))
        || Path.HasExtension(path.Value);
}
