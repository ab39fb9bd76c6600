using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using StreamLab.Core.Storage;
using StreamLab.Web.Hosting;

namespace StreamLab.Tests.TestSupport;

/// <summary>The real web app on 127.0.0.1, port 0, with its own data folder; what page and browser tests talk to.</summary>
public sealed class TestApp : IAsyncDisposable
{
    private TestApp(WebApplication app, string dataDirectory, string address)
    {
        App = app;
        DataDirectory = dataDirectory;
        Address = address.TrimEnd('/');
        Http = new HttpClient { BaseAddress = new Uri(Address) };
    }

    public WebApplication App { get; }
    public string DataDirectory { get; }
    public string Address { get; }
    public HttpClient Http { get; }
    public IResultStore Store => App.Services.GetRequiredService<IResultStore>();

    /// <summary>A tiny campaign of <c>ui_role.py</c>: latency × mode, two repetitions, about 2 s per record.</summary>
    public static string TinyCampaignYaml(string name = "ui-tiny", int repetitions = 2) => $$"""
        name: {{name}}
        description: dashboard test campaign
        duration: 1500ms
        warmup: 300ms
        repetitions: {{repetitions}}
        sample_interval: 250ms
        matrix:
          latency: [5, 20]
          mode: [a, b]
        roles:
          client:
            command: ["python3", "{{Path.Combine(AppContext.BaseDirectory, "Web", "Dashboard", "ui_role.py")}}", "--frames", "{record_dir}/frames.csv", "--events", "{record_dir}/events.csv", "--samples", "{record_dir}/prom.tsv", "--latency", "{latency}", "--tag", "{mode}"]
            ready: { log: "ui role started", timeout: 15s }
            frames: "{record_dir}/frames.csv"
            events: "{record_dir}/events.csv"
            samples: "{record_dir}/prom.tsv"
        """;

    public static async Task<TestApp> StartAsync(params string[] extraArgs)
    {
        var data = Path.Combine(Path.GetTempPath(), "streamlab-web-tests", Guid.NewGuid().ToString("N"));
        var app = WebHostSetup.Build(["--urls=http://127.0.0.1:0", $"--{WebHostSetup.DataKey}={data}", "--Serilog:MinimumLevel:Default=Warning", .. extraArgs]);
        await app.Services.GetRequiredService<IResultStore>().MigrateAsync();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new TestApp(app, data, address);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }
}
