using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using StreamLab.Core.Storage;
using StreamLab.Web.Hosting;

namespace StreamLab.Tests.Web;

/// <summary>The web app started for real on 127.0.0.1, port 0.</summary>
public class WebHostTests
{
    [Fact]
    public async Task Overview_WithNoCampaigns_SaysWhatToDoNext()
    {
        var data = Path.Combine(Path.GetTempPath(), "streamlab-web-tests", Guid.NewGuid().ToString("N"));
        await using var app = WebHostSetup.Build(["--urls=http://127.0.0.1:0", $"--{WebHostSetup.DataKey}={data}"]);
        await app.Services.GetRequiredService<IResultStore>().MigrateAsync();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        using var http = new HttpClient { BaseAddress = new Uri(address) };

        var page = await http.GetStringAsync("/");
        var health = await http.GetAsync("/api/health");
        await app.StopAsync();

        Assert.StartsWith("http://127.0.0.1:", address);
        Assert.Contains("No campaigns yet", page);
        Assert.Contains("./run.sh run campaigns/ext-demo.yaml", page);
        Assert.True(health.IsSuccessStatusCode);
        Assert.True(File.Exists(Path.Combine(data, "streamlab.db")));
    }

    [Fact]
    public async Task Serve_OnAPortInUse_ExitsWithAClearMessage()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        var data = Path.Combine(Path.GetTempPath(), "streamlab-web-tests", Guid.NewGuid().ToString("N"));
        var error = new StringWriter();
        var original = Console.Error;
        Console.SetError(error);
        try
        {
            var code = await WebHostSetup.RunAsync([$"--urls=http://127.0.0.1:{port}", $"--{WebHostSetup.DataKey}={data}"]);
            Assert.Equal(1, code);
        }
        finally
        {
            Console.SetError(original);
        }
        Assert.Contains("the address is in use", error.ToString());
    }

    [Fact]
    public async Task Serve_OnANonLoopbackAddressWithoutToken_RefusesToStart()
    {
        Assert.True(string.IsNullOrEmpty(Environment.GetEnvironmentVariable("STREAMLAB_TOKEN")), "test needs STREAMLAB_TOKEN unset");
        var data = Path.Combine(Path.GetTempPath(), "streamlab-web-tests", Guid.NewGuid().ToString("N"));
        var code = await WebHostSetup.RunAsync(["--urls=http://0.0.0.0:0", $"--{WebHostSetup.DataKey}={data}"]);
        Assert.Equal(2, code);
    }
}
