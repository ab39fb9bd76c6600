using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using StreamLab.Tests.Web.Api;
using StreamLab.Tests.Web.Dashboard;

namespace StreamLab.Tests.Web.Security;

/// <summary>
/// The request guard on the real app (127.0.0.1:0): nothing that changes state is reachable from another origin, with a
/// body a form could send, or through a Host name that is not the app's (DNS rebinding); a too-large body is a 413.
/// </summary>
public class RequestGuardTests
{
    private const string Evil = "http://evil.example";
    private const string BadYaml = "name: broken\nduration: forever\n";

    [Fact]
    public async Task LaunchFromAnotherOriginOrAsAFormBody_IsRefused_AndNothingIsStored()
    {
        await using var app = await TestApp.StartAsync();
        var marker = Path.Combine(app.DataDirectory, "csrf-marker");
        var yaml = MarkerCampaign(marker);

        // What the hostile page of issue #19 did: a text/plain form post (no preflight), with and without an Origin.
        await (await Post(app, "/api/campaigns", yaml, "text/plain", ("Origin", Evil))).ProblemAsync(HttpStatusCode.Forbidden, "Origin: http://evil.example");
        await (await Post(app, "/api/campaigns", yaml, "text/plain")).ProblemAsync(HttpStatusCode.UnsupportedMediaType, "got text/plain, which StreamLab never takes");
        await (await Post(app, "/api/campaigns", yaml, "application/x-www-form-urlencoded")).ProblemAsync(HttpStatusCode.UnsupportedMediaType, "application/yaml");
        await (await Post(app, "/api/campaigns", yaml, null)).ProblemAsync(HttpStatusCode.UnsupportedMediaType, "got none");
        // A browser that sends no Origin still says where the request came from; another port of 127.0.0.1 is same-site.
        await (await Post(app, "/api/campaigns", yaml, "application/yaml", ("Sec-Fetch-Site", "cross-site"))).ProblemAsync(HttpStatusCode.Forbidden, "cross-site");
        await (await Post(app, "/api/campaigns", yaml, "application/yaml", ("Sec-Fetch-Site", "same-site"))).ProblemAsync(HttpStatusCode.Forbidden, "same-site");
        var otherPort = new Uri(app.Address) is var u ? $"http://127.0.0.1:{u.Port + 1}" : "";
        await (await Post(app, "/api/campaigns", yaml, "application/yaml", ("Origin", otherPort))).ProblemAsync(HttpStatusCode.Forbidden, otherPort);
        await (await Post(app, "/api/campaigns", yaml, "application/yaml", ("Origin", "null"))).ProblemAsync(HttpStatusCode.Forbidden, "Origin: null");

        // The app's own pages (same Origin) and clients that are no browser get past the guard: the YAML is then judged.
        await (await Post(app, "/api/campaigns", BadYaml, "application/yaml", ("Origin", app.Address))).ProblemAsync(HttpStatusCode.BadRequest, "line 2");
        await (await Post(app, "/api/campaigns", BadYaml, "application/x-yaml; charset=utf-8", ("Sec-Fetch-Site", "same-origin"))).ProblemAsync(HttpStatusCode.BadRequest, "line 2");
        await (await Post(app, "/api/campaigns", BadYaml, "application/json")).ProblemAsync(HttpStatusCode.BadRequest, "line 2");

        await Task.Delay(500);
        Assert.Empty(await app.Store.ListCampaignsAsync());
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public async Task EveryOtherChange_FromAnotherOrigin_IsRefused()
    {
        await using var app = await TestApp.StartAsync();
        var ids = await DashboardSeed.SeedAsync(app.Store);
        var campaign = (await app.Store.FindCampaignAsync("seeded"))!.Id;
        var origin = ("Origin", Evil);

        await (await Send(app, HttpMethod.Delete, $"/api/campaigns/{campaign}", null, origin)).ProblemAsync(HttpStatusCode.Forbidden, "another origin");
        var report = $$"""{"kind":"record","source":"/records/{{ids[0]}}"}""";
        await (await Post(app, "/api/reports", report, "application/json", origin)).ProblemAsync(HttpStatusCode.Forbidden, "another origin");
        await (await Post(app, "/api/reports", report, "text/plain")).ProblemAsync(HttpStatusCode.UnsupportedMediaType, "application/json");
        var upload = new MultipartFormDataContent { { new ByteArrayContent("RUN_ID=x\n"u8.ToArray()), "files", "r/meta.env" } };
        await (await Send(app, HttpMethod.Post, "/api/import", upload, origin)).ProblemAsync(HttpStatusCode.Forbidden, "another origin");
        await (await Post(app, "/api/import", "RUN_ID=x\n", "text/plain")).ProblemAsync(HttpStatusCode.UnsupportedMediaType, "multipart/form-data");
        // A route that takes no body refuses one: a DELETE cannot smuggle a form.
        await (await Send(app, HttpMethod.Delete, $"/api/campaigns/{campaign}", new StringContent("{}", Encoding.UTF8, "application/json")))
            .ProblemAsync(HttpStatusCode.UnsupportedMediaType, "takes no body");

        Assert.NotNull(await app.Store.FindCampaignAsync("seeded"));
        Assert.Empty(await (await app.Http.GetAsync("/api/reports")).JsonAsync(HttpStatusCode.OK) is var r ? r.EnumerateArray().ToList() : []);
        // Reading stays open to links from anywhere (a report link pasted in chat is a cross-site navigation).
        Assert.Equal(HttpStatusCode.OK, (await Send(app, HttpMethod.Get, "/api/campaigns", null, origin, ("Sec-Fetch-Site", "cross-site"))).StatusCode);
    }

    [Fact]
    public async Task HostThatIsNotTheApp_IsMisdirected_LoopbackNamesServe()
    {
        await using var app = await TestApp.StartAsync();
        var port = new Uri(app.Address).Port;

        await (await Send(app, HttpMethod.Get, "/", null, ("Host", $"evil.example:{port}"))).ProblemAsync((HttpStatusCode)421, "Host 'evil.example");
        await (await Send(app, HttpMethod.Get, "/api/campaigns", null, ("Host", "evil.example"))).ProblemAsync((HttpStatusCode)421, "not an address");
        await (await Send(app, HttpMethod.Get, "/", null, ("Host", $"127.0.0.1:{port + 1}"))).ProblemAsync((HttpStatusCode)421, "not an address");

        Assert.Equal(HttpStatusCode.OK, (await Send(app, HttpMethod.Get, "/", null, ("Host", $"localhost:{port}"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Send(app, HttpMethod.Get, "/api/health", null, ("Host", $"127.0.0.1:{port}"))).StatusCode);
    }

    [Fact]
    public async Task BlazorCircuit_FromAnotherOrigin_IsRefused_FromItsOwnConnects()
    {
        await using var app = await TestApp.StartAsync();

        await (await Post(app, "/_blazor/negotiate?negotiateVersion=1", "", null, ("Origin", Evil))).ProblemAsync(HttpStatusCode.Forbidden, "another origin");
        Assert.Equal(HttpStatusCode.OK, (await Post(app, "/_blazor/negotiate?negotiateVersion=1", "", null, ("Origin", app.Address))).StatusCode);

        // CORS does not cover WebSockets: the Origin check is what stops a page elsewhere from driving the circuit.
        var ws = new Uri(app.Address.Replace("http://", "ws://", StringComparison.Ordinal) + "/_blazor");
        using var foreign = new ClientWebSocket();
        foreign.Options.SetRequestHeader("Origin", Evil);
        foreign.Options.CollectHttpResponseDetails = true;
        await Assert.ThrowsAsync<WebSocketException>(() => foreign.ConnectAsync(ws, CancellationToken.None));
        Assert.Equal(HttpStatusCode.Forbidden, foreign.HttpStatusCode);
        using var own = new ClientWebSocket();
        own.Options.SetRequestHeader("Origin", app.Address);
        await own.ConnectAsync(ws, CancellationToken.None);
        Assert.Equal(WebSocketState.Open, own.State);
        await own.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
    }

    [Fact]
    public async Task BodyOverTheLimit_Is413ProblemNot500()
    {
        await using var app = await TestApp.StartAsync();
        var big = "# " + new string('x', 2 << 20) + "\n";

        await (await Post(app, "/api/campaigns", big, "application/yaml")).ProblemAsync(HttpStatusCode.RequestEntityTooLarge, "limit of 1,048,576 bytes");
        // Without a Content-Length the limit is hit while reading, deep in the endpoint: still a 413.
        using var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big)));
        chunked.Headers.ContentType = new MediaTypeHeaderValue("application/yaml");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/campaigns") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        await (await app.Http.SendAsync(request)).ProblemAsync(HttpStatusCode.RequestEntityTooLarge, "limit");
        var report = $$"""{"kind":"record","source":"/records/1?{{new string('x', 100_000)}}"}""";
        await (await Post(app, "/api/reports", report, "application/json")).ProblemAsync(HttpStatusCode.RequestEntityTooLarge, "limit");
        Assert.Empty(await app.Store.ListCampaignsAsync());
    }

    /// <summary>A campaign whose only command would create <paramref name="marker"/>: the proof a launch got through.</summary>
    internal static string MarkerCampaign(string marker, string name = "csrf-probe") => $$"""
        name: {{name}}
        duration: 1s
        roles:
          probe:
            command: ["touch", "{{marker}}"]
        """;

    private static Task<HttpResponseMessage> Post(TestApp app, string url, string body, string? contentType, params (string, string)[] headers)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }
        return Send(app, HttpMethod.Post, url, content, headers);
    }

    private static async Task<HttpResponseMessage> Send(TestApp app, HttpMethod method, string url, HttpContent? content, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        foreach (var (name, value) in headers)
        {
            if (name == "Host")
            {
                request.Headers.Host = value;
            }
            else
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }
        return await app.Http.SendAsync(request);
    }
}
