using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using StreamLab.Collectors;
using StreamLab.Core;
using StreamLab.Core.Storage;
using StreamLab.Web.Dashboard;
using StreamLab.Web.Security;

namespace StreamLab.Web.Hosting;

/// <summary>Builds and runs the web app. It listens on loopback unless told otherwise, because it runs commands.</summary>
public static class WebHostSetup
{
    public const string DataKey = "StreamLab:Data";
    /// <summary>The PostgreSQL server (<c>--db</c>); without it <c>STREAMLAB_DB</c>, else SQLite in the data folder.</summary>
    public const string DbKey = "StreamLab:Db";
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }
        var dataDirectory = builder.Configuration[DataKey] ?? StreamLabPaths.DefaultDataDirectory();
        builder.Services.AddStreamLabSerilog(dataDirectory, Serilog.Events.LogEventLevel.Information, builder.Configuration);
        builder.Services.AddStreamLabCore(dataDirectory, DatabaseTarget.Resolve(builder.Configuration[DbKey], dataDirectory));
        builder.Services.AddStreamLabCollectors();
        builder.Services.AddStreamLabWeb();
        builder.AddStreamLabDashboard();
        builder.AddStreamLabSecurity();
        var app = builder.Build();
        app.MapStreamLabEndpoints();
        return app;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        WebApplication? app = null;
        try
        {
            app = Build(args);
            // Reach and migrate the database before listening: a wrong --db starts nothing.
            await app.Services.GetRequiredService<StoreDatabase>().CheckReachableAsync();
            await app.Services.GetRequiredService<IResultStore>().MigrateAsync();
        }
        catch (DatabaseUnavailableException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            if (app is not null)
            {
                await app.DisposeAsync();
            }
            return Cli.StreamLabCli.InvalidInput;
        }
        try
        {
            await app.StartAsync();
        }
        catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            await Console.Error.WriteLineAsync(
                $"error: cannot listen on {app.Configuration["urls"] ?? DefaultUrl}: the address is in use (is StreamLab already running?). " +
                "Pick another with --urls http://127.0.0.1:PORT.");
            return 1;
        }
        // What Kestrel bound, whatever configured it (--urls, Kestrel:Endpoints, ASPNETCORE_URLS, appsettings). Until this
        // check has stopped the app, RequestGuard answers 503 to every request on such a listener.
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        if (ListenAddresses.From(bound, []).Exposed is [var exposed, ..] && !app.Services.GetRequiredService<AccessToken>().RequiresToken)
        {
            await Console.Error.WriteLineAsync(
                $"error: refusing to serve on {exposed} without {AccessToken.Variable}: the app runs commands from campaigns, and this " +
                "address reaches beyond this machine. Set STREAMLAB_TOKEN (see SECURITY.md) or listen on 127.0.0.1.");
            await app.StopAsync();
            await app.DisposeAsync();
            return Cli.StreamLabCli.InvalidInput;
        }
        await app.WaitForShutdownAsync();
        await app.DisposeAsync();
        return 0;
    }
}
