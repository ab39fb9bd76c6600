using System.Text.RegularExpressions;
using StreamLab.Web.Hosting;

namespace StreamLab.Tests.Web;

/// <summary>The web app started for real on 127.0.0.1, port 0.</summary>
public class WebHostTests
{
    [Fact]
    public async Task Overview_WithNoCampaigns_SaysWhatToDoNext()
    {
        await using var app = await TestApp.StartAsync();

        var page = await app.Http.GetStringAsync("/");
        var health = await app.Http.GetAsync("/api/health");

        Assert.StartsWith("http://127.0.0.1:", app.Address);
        Assert.Contains("No campaigns yet", page);
        Assert.Contains("./run.sh run campaigns/ext-demo.yaml", page);
        Assert.True(health.IsSuccessStatusCode);
        Assert.True(File.Exists(Path.Combine(app.DataDirectory, "streamlab.db")));
    }

    [Fact]
    public async Task App_ServesBlazorsOwnScript_AndLogsOneLinePerPageToItsOwnFile()
    {
        await using var app = await TestApp.StartAsync("--Serilog:MinimumLevel:Default=Information");

        var page = await app.Http.GetStringAsync("/reports");
        var script = Regex.Match(page, "<script src=\"(_framework/blazor\\.web\\.[a-z0-9]+\\.js)\"").Groups[1].Value;
        using var served = await app.Http.GetAsync("/" + script);
        using var plain = await app.Http.GetAsync("/_framework/blazor.web.js");

        Assert.True(served.IsSuccessStatusCode, $"{script}: {served.StatusCode}");
        Assert.Contains("Blazor", await served.Content.ReadAsStringAsync());
        Assert.Contains("immutable", served.Headers.CacheControl?.ToString()); // fingerprinted: cached for good
        Assert.True(plain.IsSuccessStatusCode);
        var log = Assert.Single(Directory.GetFiles(Path.Combine(app.DataDirectory, "logs"), "streamlab-*.log"));
        await using var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var text = await new StreamReader(stream).ReadToEndAsync();
        Assert.Contains("HTTP GET /reports responded 200", text);
        Assert.DoesNotContain("HTTP GET /_framework", text); // plumbing is logged at Debug only
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
