using System.Text;
using StreamLab.Collectors.Prometheus;
using StreamLab.Core.Diagnostics;
using StreamLab.Core.Raw;
using StreamLab.Core.Storage;
using StreamLab.Web.Diagnostics;

namespace StreamLab.Tests.Web.Diagnostics;

/// <summary>/metrics through prometheus-net, read back by our strict parser and linted by Debian's promtool.</summary>
public class PrometheusMetricsTests
{
    /// <summary>Every instrument of the StreamLab meter, under the name and type the exposition gives it.</summary>
    private static readonly (string Family, string Type)[] StreamLabFamilies =
    [
        ("streamlab_records_finished", "gauge"),
        ("streamlab_records_imported", "gauge"),
        ("streamlab_records_running", "gauge"),
        ("streamlab_campaigns_running", "gauge"),
        ("streamlab_rows_ingested", "gauge"),
        ("streamlab_scrape_errors", "gauge"),
        ("streamlab_bulk_writer_queue_depth", "gauge"),
        ("streamlab_bulk_writer_flush_latency_seconds", "histogram"),
        ("streamlab_sampling_lag_seconds", "histogram"),
    ];

    private static async Task<string> ExpositionAsync(PrometheusMetrics metrics)
    {
        using var stream = new MemoryStream();
        await metrics.Registry.CollectAndExportAsTextAsync(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static async Task<PrometheusExposition> ParsedAndLintedAsync(string text)
    {
        var parsed = PrometheusTextParser.Parse(text);
        Assert.True(parsed.Problems.Count == 0, string.Join("\n", parsed.Problems) + "\n" + text);
        var (code, output) = await Promtool.CheckMetricsAsync(text);
        Assert.True(code == 0 && output.Length == 0, $"promtool check metrics exited {code}: {output}");
        return parsed;
    }

    private static Dictionary<string, double> Values(PrometheusExposition parsed) => parsed.Samples.ToDictionary(s => s.Series, s => s.Value);

    [Fact]
    public async Task Exposition_OfAFreshRegistry_HasEveryFamilyAndPassesPromtool()
    {
        using var metrics = new PrometheusMetrics();

        var parsed = await ParsedAndLintedAsync(await ExpositionAsync(metrics));

        foreach (var (family, type) in StreamLabFamilies)
        {
            Assert.True(parsed.Types.TryGetValue(family, out var actual), $"{family} missing");
            Assert.Equal(type, actual);
        }
        var values = Values(parsed);
        foreach (var status in new[] { "succeeded", "failed", "cancelled", "interrupted" })
        {
            Assert.True(values.ContainsKey($"streamlab_records_finished{{status=\"{status}\"}}"), status);
        }
        Assert.True(values.ContainsKey("streamlab_sampling_lag_seconds_count"));
        Assert.Equal("counter", parsed.Types["process_cpu_seconds_total"]);
        Assert.Contains(parsed.Types.Keys, k => k.StartsWith("system_runtime_dotnet_gc_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Exposition_AfterActivity_CountsInTheFamiliesDeclaredAtStart()
    {
        using var metrics = new PrometheusMetrics();
        var before = Values(PrometheusTextParser.Parse(await ExpositionAsync(metrics)));
        var role = "sfu \"a\"\\b " + Guid.NewGuid().ToString("N");

        StreamLabMetrics.RecordFinished(RecordStatus.Failed);
        StreamLabMetrics.ScrapeFailed(role);
        StreamLabMetrics.SamplingLag.Record(0.003);
        string text;
        using (StreamLabMetrics.CampaignRunning())
        {
            var data = Path.Combine(Path.GetTempPath(), "streamlab-metrics-tests", Guid.NewGuid().ToString("N"));
            var store = ResultStore.OpenSqlite(data);
            await store.MigrateAsync();
            var campaignId = await store.UpsertCampaignAsync(Core.Storage.StoreFixture.Campaign("m"));
            var recordId = await store.StartRecordAsync(new NewRecord(campaignId, "", new Dictionary<string, string>(), 1, DateTimeOffset.UtcNow, Core.Storage.StoreFixture.Host));
            await using var writer = StreamLabMetrics.Track(store.CreateRawWriter());
            writer.Add(new FrameRow(recordId, 1, 1, null, 1, 1));
            writer.Add(new SampleRow(recordId, "x", 1, 1, false));
            await writer.FlushAsync();
            text = await ExpositionAsync(metrics);
        }

        var parsed = await ParsedAndLintedAsync(text);
        var after = Values(parsed);
        // Other tests run in this process too: counts only grow.
        Assert.True(after["streamlab_records_finished{status=\"failed\"}"] >= before["streamlab_records_finished{status=\"failed\"}"] + 1);
        Assert.Equal(1, after["streamlab_scrape_errors{role=\"" + role.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"}"]);
        Assert.True(after["streamlab_sampling_lag_seconds_bucket{le=\"0.005\"}"] >= before["streamlab_sampling_lag_seconds_bucket{le=\"0.005\"}"] + 1);
        Assert.True(after["streamlab_bulk_writer_flush_latency_seconds_count"] >= 1);
        Assert.True(after["streamlab_rows_ingested{table=\"frames\"}"] >= before["streamlab_rows_ingested{table=\"frames\"}"] + 1);
        Assert.True(after["streamlab_campaigns_running"] >= 1);
        // One family each: the adapter filled the declared family instead of adding a second one.
        Assert.Single(text.Split('\n'), l => l.StartsWith("# TYPE streamlab_scrape_errors ", StringComparison.Ordinal));
        Assert.Single(text.Split('\n'), l => l.StartsWith("# TYPE streamlab_sampling_lag_seconds ", StringComparison.Ordinal));
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task MetricsEndpoint_OfAFreshApp_ServesEveryFamilyAndTheHttpMetrics()
    {
        await using var app = await TestApp.StartAsync();
        (await app.Http.GetAsync("/api/health")).EnsureSuccessStatusCode();

        using var response = await app.Http.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("version=0.0.4", response.Content.Headers.ContentType.ToString());
        var parsed = await ParsedAndLintedAsync(text);
        Assert.All(StreamLabFamilies, f => Assert.Contains(f.Family, parsed.Types.Keys));
        Assert.Contains(parsed.Samples, s => s.Series.StartsWith("http_requests_received_total{", StringComparison.Ordinal)
            && s.Series.Contains("endpoint=\"/api/health\"", StringComparison.Ordinal) && s.Value >= 1);
    }
}
