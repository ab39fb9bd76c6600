using System.Text.RegularExpressions;
using StreamLab.Collectors.Prometheus;
using StreamLab.Core.Diagnostics;
using StreamLab.Core.Raw;
using StreamLab.Core.Storage;
using StreamLab.Web.Diagnostics;

namespace StreamLab.Tests.Web;

/// <summary>StreamLab's own /metrics, checked by our strict parser and by the format's rules line by line.</summary>
public partial class MetricsEndpointTests
{
    private static async Task<string> ExposeSomeActivityAsync(MetricsExporter exporter)
    {
        StreamLabMetrics.RecordFinished(RecordStatus.Succeeded);
        StreamLabMetrics.RecordFinished(RecordStatus.Failed);
        StreamLabMetrics.ScrapeErrors.Add(1, new KeyValuePair<string, object?>("role", "sfu \"a\"\\b"));
        StreamLabMetrics.SamplingLag.Record(0.003);
        using (StreamLabMetrics.CampaignRunning())
        {
            var data = Path.Combine(Path.GetTempPath(), "streamlab-metrics-tests", Guid.NewGuid().ToString("N"));
            var store = ResultStore.OpenSqlite(data);
            await store.MigrateAsync();
            var (campaignId, recordId) = (await store.UpsertCampaignAsync(Core.Storage.StoreFixture.Campaign("m")), 0L);
            recordId = await store.StartRecordAsync(new NewRecord(campaignId, "", new Dictionary<string, string>(), 1, DateTimeOffset.UtcNow, Core.Storage.StoreFixture.Host));
            await using var writer = StreamLabMetrics.Track(store.CreateRawWriter());
            writer.Add(new FrameRow(recordId, 1, 1, null, 1, 1));
            writer.Add(new SampleRow(recordId, "x", 1, 1, false));
            await writer.FlushAsync();
            return exporter.Render();
        }
    }

    [Fact]
    public async Task Render_OwnOutput_ParsesWithoutAProblemAndHasTheInstruments()
    {
        using var exporter = new MetricsExporter();
        var text = await ExposeSomeActivityAsync(exporter);

        var parsed = PrometheusTextParser.Parse(text);

        Assert.True(parsed.Problems.Count == 0, string.Join("\n", parsed.Problems) + "\n" + text);
        var series = parsed.Samples.ToDictionary(s => s.Series, s => s.Value);
        Assert.True(series["streamlab_records_total{status=\"succeeded\"}"] >= 1);
        Assert.True(series["streamlab_rows_ingested_total{table=\"frames\"}"] >= 1);
        Assert.True(series["streamlab_campaigns_running"] >= 1);
        Assert.True(series.ContainsKey("streamlab_bulk_writer_queue_depth"));
        Assert.True(series["streamlab_bulk_writer_flush_latency_seconds_count"] >= 1);
        Assert.True(series["streamlab_sampling_lag_seconds_bucket{le=\"0.005\"}"] >= 1);
        Assert.Contains("streamlab_scrape_errors_total{role=\"sfu \\\"a\\\"\\\\b\"}", series.Keys);
        Assert.Equal("counter", parsed.Types["streamlab_records_total"]);
        Assert.Equal("histogram", parsed.Types["streamlab_sampling_lag_seconds"]);
    }

    [Fact]
    public async Task Render_OwnOutput_FollowsTheFormatRulesLineByLine()
    {
        using var exporter = new MetricsExporter();
        var lines = (await ExposeSomeActivityAsync(exporter)).Split('\n');

        Assert.Equal("", lines[^1]); // ends with a newline
        var types = new Dictionary<string, string>();
        var helped = new HashSet<string>();
        var seen = new HashSet<string>();
        foreach (var line in lines[..^1])
        {
            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                var name = line.Split(' ')[2];
                Assert.Matches(MetricName(), name);
                Assert.True(helped.Add(name), $"second HELP: {line}");
                continue;
            }
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                Assert.True(helped.Contains(parts[2]), $"TYPE before HELP: {line}");
                Assert.True(types.TryAdd(parts[2], parts[3]), $"second TYPE: {line}");
                Assert.Contains(parts[3], new[] { "counter", "gauge", "histogram" });
                if (parts[3] == "counter") Assert.EndsWith("_total", parts[2]);
                continue;
            }
            var match = SampleLine().Match(line);
            Assert.True(match.Success, $"not a sample line: {line}");
            var sampleName = match.Groups["name"].Value;
            var family = types.Keys.SingleOrDefault(f => sampleName == f || (types[f] == "histogram" && sampleName is var n && (n == f + "_bucket" || n == f + "_sum" || n == f + "_count")));
            Assert.True(family is not null, $"sample before its TYPE: {line}");
            Assert.True(seen.Add(match.Groups["series"].Value), $"duplicate series: {line}");
        }
        Assert.Contains("streamlab_records_total", types.Keys);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task MetricsEndpoint_ServesTheTextFormat()
    {
        await using var app = await TestApp.StartAsync();
        StreamLabMetrics.RecordFinished(RecordStatus.Cancelled);

        using var response = await app.Http.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("version=0.0.4", response.Content.Headers.ContentType.ToString());
        var parsed = PrometheusTextParser.Parse(text);
        Assert.Empty(parsed.Problems);
        Assert.Contains(parsed.Samples, s => s.Series == "streamlab_records_total{status=\"cancelled\"}");
    }

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    [GeneratedRegex("""^(?<series>(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*")(,[a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*")*\})?) (NaN|[+-]Inf|-?[0-9.eE+-]+)$""")]
    private static partial Regex SampleLine();
}
