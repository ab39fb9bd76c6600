using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StreamLab.Tests.Web.Dashboard;
using StreamLab.Tests.Web.Security;

namespace StreamLab.Tests.Browser;

/// <summary>
/// Issue #19's attack in a real Chromium: a page served from another origin (another port of 127.0.0.1, and localhost)
/// tries every way a browser lets it reach StreamLab without the user doing anything. Nothing may change.
/// </summary>
[Trait("Category", "Slow")]
[Collection(nameof(CpuMeasurements))]
public class CrossOriginBrowserTests
{
    [Fact]
    public async Task AHostilePageOnAnotherOrigin_CannotLaunchImportReportDeleteOrOpenTheCircuit()
    {
        await using var app = await TestApp.StartAsync();
        await DashboardSeed.SeedAsync(app.Store);
        var seeded = (await app.Store.FindCampaignAsync("seeded"))!.Id;
        var records = (await app.Store.ListRecordsAsync()).Count;
        var marker = Path.Combine(app.DataDirectory, "csrf-marker");
        await using var attacker = await AttackerSite.StartAsync(AttackPage(app.Address, seeded, RequestGuardTests.MarkerCampaign(marker)));
        var port = new Uri(attacker.Address).Port;
        await using var browser = await BrowserSession.StartAsync(nameof(AHostilePageOnAnotherOrigin_CannotLaunchImportReportDeleteOrOpenTheCircuit));

        // Another port of the same host (same-site, cross-origin), then another host name (cross-site).
        foreach (var origin in new[] { $"http://127.0.0.1:{port}", $"http://localhost:{port}" })
        {
            await browser.Page.GotoAsync(origin + "/");
            await browser.Page.WaitForFunctionAsync("() => window.done === true", null, new() { Timeout = 30_000 });
            var results = JsonSerializer.Deserialize<Dictionary<string, string>>(await browser.Page.EvaluateAsync<string>("() => JSON.stringify(window.results)"))!;
            await browser.ScreenshotAsync("attack-" + new Uri(origin).Host);

            // The requests left the browser (a no-cors fetch resolves to an opaque answer; a CORS one fails on its preflight) ...
            Assert.Equal("opaque", results["noCorsLaunch"]);
            Assert.Equal("opaque", results["noCorsImport"]);
            Assert.Equal("opaque", results["noCorsReport"]);
            Assert.Equal("blocked", results["corsLaunch"]);
            Assert.Equal("blocked", results["corsDelete"]);
            Assert.Equal("submitted", results["form"]);
            // ... and the circuit's WebSocket never opened.
            Assert.Equal("error", results["websocket"]);
        }

        // Give a launch that got through the time to run its command.
        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.False(File.Exists(marker), "the campaign's command ran");
        Assert.Equal(["seeded"], (await app.Store.ListCampaignsAsync()).Select(c => c.Name));
        Assert.Equal(records, (await app.Store.ListRecordsAsync()).Count);
        Assert.Equal("[]", await app.Http.GetStringAsync("/api/reports"));
        Assert.Contains(attacker.Log, line => line.StartsWith("GET /", StringComparison.Ordinal));
    }

    [Fact]
    public async Task APageUnderARebindingName_GetsNothingFromTheApp()
    {
        await using var app = await TestApp.StartAsync();
        var port = new Uri(app.Address).Port;
        // evil.example resolves to 127.0.0.1, as a DNS-rebinding attacker's name would after its first answer.
        await using var browser = await BrowserSession.StartAsync(nameof(APageUnderARebindingName_GetsNothingFromTheApp), "--host-resolver-rules=MAP evil.example 127.0.0.1");

        var response = await browser.Page.GotoAsync($"http://evil.example:{port}/");

        Assert.Equal(421, response!.Status);
        Assert.Contains("is not an address this StreamLab listens on", await browser.Page.ContentAsync());
        var launch = await browser.Page.EvaluateAsync<int>($"async () => (await fetch('/api/campaigns', {{ method: 'POST', headers: {{ 'Content-Type': 'application/yaml' }}, body: 'name: x' }})).status");
        Assert.Equal(421, launch);
        Assert.Empty(await app.Store.ListCampaignsAsync());
    }

    /// <summary>Fires every request a page can make without the user's help, and notes what the browser let it see.</summary>
    private static string AttackPage(string app, long campaignId, string yaml)
    {
        static string js(string value) => JsonSerializer.Serialize(value);
        var runFolder = "RUN_ID=csrf\nT0_US=1000000\nT1_US=2000000\n";
        var frames = "recv_wall_us,frame_id,user_timestamp_us,width,height\n1000000,1,999000,64,64\n";
        // text/plain form: the field's name is the YAML, and "=" plus the empty value land in a YAML comment.
        return $$"""
            <!DOCTYPE html><html><body><h1>Totally harmless page</h1>
            <iframe name="sink" style="width:600px;height:120px"></iframe>
            <form id="f" method="post" enctype="text/plain" action="{{app}}/api/campaigns" target="sink"><input id="field" type="hidden" value=""></form>
            <img src="{{app}}/api/campaigns/{{campaignId}}"><img src="{{app}}/api/reports">
            <script src="{{app}}/api/campaigns"></script>
            <script>
            const app = {{js(app)}};
            const yaml = {{js(yaml)}};
            window.results = {};
            const note = (key, promise) => promise.then(r => results[key] = r.type === 'opaque' ? 'opaque' : 'read ' + r.status, () => results[key] = 'blocked');
            document.getElementById('field').name = yaml + '\n#';
            document.getElementById('f').submit();
            results.form = 'submitted';
            const folder = new FormData();
            folder.append('files', new Blob([{{js(runFolder)}}]), 'r/meta.env');
            folder.append('files', new Blob([{{js(frames)}}]), 'r/frames.csv');
            const ws = new Promise(done => {
              const socket = new WebSocket(app.replace('http', 'ws') + '/_blazor');
              socket.onopen = () => { results.websocket = 'open'; done(); };
              socket.onerror = () => { results.websocket = 'error'; done(); };
            });
            Promise.all([
              note('noCorsLaunch', fetch(app + '/api/campaigns', { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body: yaml })),
              note('corsLaunch', fetch(app + '/api/campaigns', { method: 'POST', headers: { 'Content-Type': 'application/yaml' }, body: yaml })),
              note('noCorsImport', fetch(app + '/api/import', { method: 'POST', mode: 'no-cors', body: folder })),
              note('noCorsReport', fetch(app + '/api/reports', { method: 'POST', mode: 'no-cors', body: JSON.stringify({ kind: 'record', source: '/records/1' }) })),
              note('corsDelete', fetch(app + '/api/campaigns/{{campaignId}}', { method: 'DELETE' })),
              ws,
            ]).then(() => setTimeout(() => window.done = true, 1500));
            </script></body></html>
            """;
    }

    /// <summary>The attacker's web server: a tiny Kestrel app on another loopback port serving one page.</summary>
    private sealed class AttackerSite(WebApplication app, string address) : IAsyncDisposable
    {
        public string Address { get; } = address;
        public List<string> Log { get; } = [];

        public static async Task<AttackerSite> StartAsync(string html)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            AttackerSite? site = null;
            app.MapGet("/", (HttpContext http) =>
            {
                site?.Log.Add($"GET / Host={http.Request.Host}");
                return Results.Content(html, "text/html; charset=utf-8");
            });
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            site = new AttackerSite(app, address);
            return site;
        }

        public async ValueTask DisposeAsync() => await app.DisposeAsync();
    }
}
