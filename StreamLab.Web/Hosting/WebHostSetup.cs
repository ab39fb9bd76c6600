using System.Net;
using StreamLab.Collectors;
using StreamLab.Core;
using StreamLab.Core.Storage;
using StreamLab.Web.Dashboard;

namespace StreamLab.Web.Hosting;

/// <summary>Builds and runs the web app. It listens on loopback unless told otherwise, because it runs commands.</summary>
public static class WebHostSetup
{
    public const string DataKey = "StreamLab:Data";
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }
        var dataDirectory = builder.Configuration[DataKey] ?? StreamLabPaths.DefaultDataDirectory();
        builder.Logging.AddStreamLabSerilog(dataDirectory, Serilog.Events.LogEventLevel.Information);
        builder.Services.AddStreamLabCore(dataDirectory);
        builder.Services.AddStreamLabCollectors();
        builder.Services.AddStreamLabWeb();
        builder.AddStreamLabDashboard();
        var app = builder.Build();
        app.MapStreamLabEndpoints();
        return app;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var app = Build(args);
        var urls = app.Configuration["urls"] ?? DefaultUrl;
        if (NonLoopback(urls) is { } exposed && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("STREAMLAB_TOKEN")))
        {
            await Console.Error.WriteLineAsync(
                $"error: refusing to listen on {exposed} without STREAMLAB_TOKEN: the app runs commands from campaigns. " +
                "Set STREAMLAB_TOKEN or listen on 127.0.0.1.");
            return Cli.StreamLabCli.InvalidInput;
        }
        await app.Services.GetRequiredService<IResultStore>().MigrateAsync();
        try
        {
            await app.RunAsync();
        }
        catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            await Console.Error.WriteLineAsync(
                $"error: cannot listen on {urls}: the address is in use (is StreamLab already running?). " +
                "Pick another with --urls http://127.0.0.1:PORT.");
            return 1;
        }
        return 0;
    }

    /// <summary>The first URL that is not bound to a loopback address, or null.</summary>
    public static string? NonLoopback(string urls)
    {
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var host = url.Split("://", 2)[^1].Split('/')[0];
            host = host.StartsWith('[') ? host[1..host.IndexOf(']')] : host.Split(':')[0];
            var loopback = host == "localhost" || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
            if (!loopback)
            {
                return url;
            }
        }
        return null;
    }
}
