using StreamLab.Core.Metrics;
using StreamLab.Core.Storage;

namespace StreamLab.Tests.Core.Running;

/// <summary>Prometheus scraping through the real runner: a Python role serving /metrics over HTTP.</summary>
[Trait("Category", "Slow")]
public class ScrapeRunTests
{
    private static string MetricsServer => Path.Combine(Repo.TestStacks, "metrics_server.py");

    [Fact]
    public async Task Run_RoleWithPrometheusEndpoint_StoresEverySeriesAndCounterSummary()
    {
        await using var lab = await Lab.StartAsync();
        var campaign = lab.Campaign($$"""
            name: scrape
            duration: 2s
            warmup: 500ms
            sample_interval: 250ms
            collect: { counters: [demo_nack_total, 'demo_nack_total{kind="audio"}'] }
            roles:
              sfu:
                command: ["python3", "{{MetricsServer}}", "--port", "{port}", "--tag", "{tag}"]
                ready: { http: "http://127.0.0.1:{port}/metrics", timeout: 20s }
                prometheus: ["http://127.0.0.1:{port}/metrics"]
            """);
        var outcome = Assert.Single((await lab.RunAsync(campaign)).Outcomes);
        Assert.True(outcome.Status == RecordStatus.Succeeded, outcome.Reason);

        var record = (await lab.Store.GetRecordAsync(outcome.RecordId))!;
        var raw = await lab.Store.LoadRawAsync(outcome.RecordId);
        var nack = raw.Samples.Where(s => s.Series == "demo_nack_total{kind=\"video\",track=\"v1\"}").ToArray();
        Assert.True(nack.Length >= 6, $"{nack.Length} scrapes");
        Assert.All(nack, s => Assert.Equal(s.TimeUs < record.T0Us, s.Warmup));
        Assert.Contains(nack, s => s.Warmup);
        Assert.Contains(raw.Samples, s => s.Series == "demo_queue{note=\"say \\\"hi\\\"\\nbye\",path=\"C:\\\\tmp\"}" && s.Value == 3);
        Assert.Contains(raw.Samples, s => s.Series == "demo_latency_seconds_bucket{le=\"+Inf\"}" && s.Value == 2);
        Assert.Contains(raw.Samples, s => s.Series == "demo_latency_seconds_count");
        // The malformed line is skipped, reported once (throttled), and fails nothing.
        var errors = raw.Events.Where(e => e.Kind == "scrape_error").ToArray();
        Assert.Single(errors);
        Assert.Contains("1 line(s) skipped", errors[0].Detail);
        Assert.Contains("line 11: expected 'name{labels} value [timestamp]'", errors[0].Detail, StringComparison.Ordinal);

        // The counter grows 10/s in whole counts: the delta is increase() over the window's samples, the rate that over 2 s.
        var window = nack.Where(s => !s.Warmup && s.TimeUs <= record.T1Us).ToArray();
        Assert.Equal(CounterIncrease.Over(window, record.T0Us!.Value, record.T1Us!.Value), record.Summary["demo_nack_total_delta"]);
        Assert.InRange(record.Summary["demo_nack_total_rate"], 8, 12);
        Assert.Equal(record.Summary["demo_nack_total_delta"] / 2, record.Summary["demo_nack_total_rate"], 6);
        Assert.False(record.Summary.ContainsKey("demo_nack_total_kind_audio_delta"), "no audio series: absent, not 0");
        Assert.Empty(lab.Leftovers());
    }

    [Fact]
    public async Task Run_DeadEndpoint_RecordsThrottledScrapeErrorsAndStillSucceeds()
    {
        await using var lab = await Lab.StartAsync();
        var campaign = lab.Campaign($$"""
            name: dead-scrape
            duration: 1s
            sample_interval: 100ms
            roles:
              sfu:
                command: ["python3", "{{MetricsServer}}", "--port", "{port}", "--tag", "{tag}"]
                ready: { log: "serving metrics", timeout: 20s }
                prometheus: ["http://127.0.0.1:{port2}/metrics"]
            """);
        var outcome = Assert.Single((await lab.RunAsync(campaign)).Outcomes);
        Assert.True(outcome.Status == RecordStatus.Succeeded, outcome.Reason);

        var raw = await lab.Store.LoadRawAsync(outcome.RecordId);
        var error = Assert.Single(raw.Events, e => e.Kind == "scrape_error");
        Assert.Contains("role=sfu", error.Detail);
        Assert.Contains($"/metrics", error.Detail);
    }
}
