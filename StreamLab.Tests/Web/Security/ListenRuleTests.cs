using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using StreamLab.Tests.Web.Api;
using StreamLab.Web.Security;

namespace StreamLab.Tests.Web.Security;

/// <summary>The loopback rule reads what Kestrel bound, whatever configured it; the Host filter names follow the bindings.</summary>
public class ListenRuleTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5080", null)]
    [InlineData("http://localhost:5080;http://[::1]:5081", null)]
    [InlineData("http://0.0.0.0:5080", "http://0.0.0.0:5080")]
    [InlineData("http://[::]:5080", "http://[::]:5080")]
    [InlineData("http://127.0.0.1:1;http://192.0.2.1:80", "http://192.0.2.1:80")]
    [InlineData("http://lab.example:80", "http://lab.example:80")]
    public void Exposed_ListsEveryBoundAddressBeyondLoopback(string addresses, string? expected)
    {
        var listening = ListenAddresses.From(addresses.Split(';'), []);

        Assert.Equal(expected, listening.Exposed.FirstOrDefault());
    }

    [Fact]
    public void Allows_LoopbackNamesOnTheBoundPort_AndConfiguredNames_NothingElse()
    {
        var loopback = ListenAddresses.From(["http://127.0.0.1:5080"], ["lab.example.com"]);

        Assert.True(loopback.Allows(new HostString("127.0.0.1:5080"), https: false));
        Assert.True(loopback.Allows(new HostString("LOCALHOST:5080"), https: false));
        Assert.True(loopback.Allows(new HostString("[::1]:5080"), https: false));
        Assert.True(loopback.Allows(new HostString("lab.example.com"), https: true));
        Assert.False(loopback.Allows(new HostString("127.0.0.1:5081"), https: false));
        Assert.False(loopback.Allows(new HostString("127.0.0.1"), https: false));
        Assert.False(loopback.Allows(new HostString("evil.example:5080"), https: false));
        Assert.False(loopback.Allows(new HostString(""), https: false));
        var any = ListenAddresses.From(["http://0.0.0.0:5080"], []);
        Assert.True(any.Allows(new HostString($"{Dns.GetHostName()}:5080"), https: false));
        Assert.True(any.Allows(new HostString("127.0.0.1:5080"), https: false));
        Assert.False(any.Allows(new HostString("evil.example:5080"), https: false));
    }

    [Fact]
    public async Task ServeWithoutToken_OnAnAddressBeyondLoopback_ServesNothing()
    {
        // In process, between start and the check in RunAsync: the guard already answers 503 to everything.
        await using var app = await TestApp.StartAsync("--urls=http://0.0.0.0:0");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{new Uri(app.Address).Port}") };

        await (await http.GetAsync("/api/health")).ProblemAsync(HttpStatusCode.ServiceUnavailable, "without STREAMLAB_TOKEN");
        await (await http.GetAsync("/")).ProblemAsync(HttpStatusCode.ServiceUnavailable, "listen on 127.0.0.1");
    }

    [Theory]
    [Trait("Category", "Slow")]
    [InlineData("endpoints")]
    [InlineData("environment")]
    public async Task ServeProcess_BoundBeyondLoopbackByConfiguration_WithoutToken_Exits2(string how)
    {
        var port = FreePort();
        var (code, err) = await ServeAsync(how, port, token: null, wait: TimeSpan.FromSeconds(60));

        Assert.Equal(2, code);
        Assert.Contains($"refusing to serve on http://0.0.0.0:{port} without STREAMLAB_TOKEN", err);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task ServeProcess_BoundBeyondLoopbackWithAToken_Serves()
    {
        var port = FreePort();
        using var process = Start("endpoints", port, token: "a-long-enough-token-for-tests");
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var deadline = DateTime.UtcNow.AddSeconds(60);
            HttpResponseMessage? health = null;
            while (health is null && DateTime.UtcNow < deadline && !process.HasExited)
            {
                try { health = await http.GetAsync("/api/health"); }
                catch (HttpRequestException) { await Task.Delay(200); }
            }
            Assert.Equal(HttpStatusCode.OK, health?.StatusCode);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static async Task<(int Code, string Err)> ServeAsync(string how, int port, string? token, TimeSpan wait)
    {
        using var process = Start(how, port, token);
        var err = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"serve kept running on 0.0.0.0:{port} without a token");
        }
        return (process.ExitCode, await err);
    }

    /// <summary><c>streamlab serve</c> bound to 0.0.0.0 through Kestrel:Endpoints or ASPNETCORE_URLS (never --urls, which was checked before).</summary>
    private static Process Start(string how, int port, string? token)
    {
        var data = Path.Combine(Path.GetTempPath(), "streamlab-web-tests", Guid.NewGuid().ToString("N"));
        var psi = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "streamlab")) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment.Remove(AccessToken.Variable);
        if (token is not null)
        {
            psi.Environment[AccessToken.Variable] = token;
        }
        foreach (var arg in new[] { "serve", "--data", data })
        {
            psi.ArgumentList.Add(arg);
        }
        if (how == "endpoints")
        {
            psi.ArgumentList.Add($"--Kestrel:Endpoints:Pub:Url=http://0.0.0.0:{port}");
        }
        else
        {
            psi.Environment["ASPNETCORE_URLS"] = $"http://0.0.0.0:{port}";
        }
        var process = Process.Start(psi)!;
        process.StandardOutput.ReadToEndAsync();
        return process;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
