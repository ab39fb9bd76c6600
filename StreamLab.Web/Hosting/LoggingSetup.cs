using Serilog;
using Serilog.Events;
using StreamLab.Core;

namespace StreamLab.Web.Hosting;

/// <summary>
/// Serilog for the app and the CLI verbs (Serilog.AspNetCore is not available here, so through
/// Serilog.Extensions.Logging): console, plus a daily file <c>data/logs/streamlab-YYYYMMDD.log</c>
/// with structured properties (campaign, record, role from logger scopes) as JSON on each line.
/// </summary>
public static class LoggingSetup
{
    private const string FileTemplate = "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {SourceContext}: {Message:lj} {Properties:j}{NewLine}{Exception}";
    private const string ConsoleTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}";

    public static string LogDirectory(string dataDirectory) => Path.Combine(new StreamLabPaths(dataDirectory).DataDirectory, "logs");

    /// <summary>A logger writing Information and up to the file, and <paramref name="consoleLevel"/> and up to the console.</summary>
    public static Serilog.ILogger Create(string dataDirectory, LogEventLevel consoleLevel) =>
        new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
            .MinimumLevel.Override("System", LogEventLevel.Warning)
            .Enrich.FromLogContext()
            .WriteTo.Console(restrictedToMinimumLevel: consoleLevel, outputTemplate: ConsoleTemplate,
                standardErrorFromLevel: LogEventLevel.Verbose, formatProvider: System.Globalization.CultureInfo.InvariantCulture)
            .WriteTo.File(Path.Combine(LogDirectory(dataDirectory), "streamlab-.log"), rollingInterval: RollingInterval.Day,
                outputTemplate: FileTemplate, retainedFileCountLimit: 31, shared: true, formatProvider: System.Globalization.CultureInfo.InvariantCulture)
            .CreateLogger();

    /// <summary>Replaces the default providers with Serilog; the provider disposes (flushes) the logger with the container.</summary>
    public static ILoggingBuilder AddStreamLabSerilog(this ILoggingBuilder logging, string dataDirectory, LogEventLevel consoleLevel) =>
        logging.ClearProviders().AddSerilog(Create(dataDirectory, consoleLevel), dispose: true);
}
