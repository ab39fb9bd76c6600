using StreamLab.Core.Metrics;
using StreamLab.Core.Storage;
using Xunit.Abstractions;

namespace StreamLab.Tests.Collectors.Stacks;

/// <summary>The vod-chunks stack end to end: the real runner starts `streamlab sut` node and player processes.</summary>
[Trait("Category", "Slow")]
[Collection(nameof(CpuMeasurements))]
public class VodStackTests(ITestOutputHelper output)
{
    // The lead node is the fastest, so the smart player uses it, until it is down from 3 s to 9 s
    // after the nodes start: 6 s, longer than the 4 s buffer, so waiting for it runs the buffer dry.
    private const string FailoverCampaign = """
        name: vod-failover
        stack: vod-chunks
        duration: 10s
        warmup: 1s
        sample_interval: 500ms
        matrix: { scheduler: [naive, smart] }
        params: { node_mix: lead-backup, nodes: 2, chunk_s: 1, bitrate_mbps: 8, start_buffer_s: 2, max_buffer_s: 4 }
        profiles:
          lead: { delay_ms: 5, bandwidth_mbps: 300, down: ["3s-9s"] }
          backup: { delay_ms: 5, bandwidth_mbps: 100 }
        """;

    // One node 300 ms away at 80 Mbit/s; 1 s chunks of 1 MB take 300 ms + 100 ms (less a 10 ms burst).
    // Startup (about 1 s) falls in the warm-up, so the window's buffer is the steady state.
    private const string StartupCampaign = """
        name: vod-startup
        stack: vod-chunks
        duration: 4s
        warmup: 2s
        sample_interval: 500ms
        params: { scheduler: naive, node_mix: far, nodes: 1, chunk_s: 1, bitrate_mbps: 8, start_buffer_s: 2, max_buffer_s: 4 }
        profiles: { far: { delay_ms: 300, bandwidth_mbps: 80 } }
        """;

    [Fact]
    public async Task NodeDownMidPlayback_SmartFailsOverWithoutStalling_NaiveStalls()
    {
        await using var lab = await Lab.StartAsync();
        var result = await lab.RunAsync(lab.Campaign(FailoverCampaign));
        var summaries = new Dictionary<string, IReadOnlyDictionary<string, double>>();
        var ids = new Dictionary<string, long>();
        foreach (var outcome in result.Outcomes)
        {
            Assert.True(outcome.Status == RecordStatus.Succeeded, outcome.Reason);
            var record = await lab.Store.GetRecordAsync(outcome.RecordId);
            summaries[record!.Params["scheduler"]] = record.Summary;
            ids[record.Params["scheduler"]] = outcome.RecordId;
            output.WriteLine(record.Params["scheduler"] + ": " + string.Join(", ", record.Summary.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}={kv.Value:G5}")));
        }
        var (smart, naive) = (summaries["smart"], summaries["naive"]);

        Assert.True(smart["failover_count"] >= 1, $"smart failover_count {smart["failover_count"]}");
        Assert.Equal(0, smart["rebuffer_count"]);
        Assert.True(smart["buffer_min_s"] > 0, $"smart buffer_min_s {smart["buffer_min_s"]}");
        Assert.True(smart["node_share_n2"] > 0);

        Assert.True(naive["rebuffer_count"] >= 1, $"naive rebuffer_count {naive["rebuffer_count"]}");
        Assert.True(naive["rebuffer_ms"] >= 500, $"naive rebuffer_ms {naive["rebuffer_ms"]}");
        Assert.Equal(0, naive["buffer_min_s"]);
        Assert.Equal(0, naive["failover_count"]);
        Assert.True(naive["node_share_n1"] > 0 && naive["node_share_n2"] > 0);

        // Naive is strict round-robin over the whole record: n1, n2, n1, … whatever the nodes do.
        var raw = await lab.Store.LoadRawAsync(ids["naive"]);
        var nodes = raw.Events.Where(e => e.Kind == "chunk_done").OrderBy(e => e.TimeUs).Select(e => VodSummary.Detail(e, "node")).ToArray();
        Assert.Equal(Enumerable.Range(0, nodes.Length).Select(i => i % 2 == 0 ? "n1" : "n2"), nodes);

        // The nodes' own counters were scraped: the lead node answered errors while down.
        Assert.Contains(raw.Samples, s => s.Series == "vod_node_errors_total{node=\"n1\",profile=\"lead\"}" && s.Value > 0);
        Assert.Contains(raw.Samples, s => s.Series == "vod_node_bytes_total{node=\"n2\",profile=\"backup\"}" && s.Value > 0);
        Assert.Empty(lab.Leftovers());
    }

    [Fact]
    public async Task OneDistantNode_StartupChunkTimeAndBuffer_MatchTheHandCheckedTimeline()
    {
        await using var lab = await Lab.StartAsync();
        var result = await lab.RunAsync(lab.Campaign(StartupCampaign));
        var outcome = Assert.Single(result.Outcomes);
        Assert.True(outcome.Status == RecordStatus.Succeeded, outcome.Reason);
        var s = (await lab.Store.GetRecordAsync(outcome.RecordId))!.Summary;
        output.WriteLine(string.Join(", ", s.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}={kv.Value:G5}")));

        // Startup needs 2 chunks one after the other: at least 2 × 390 ms after the player starts.
        Assert.InRange(s["startup_ms"], 780, 4000);
        Assert.InRange(s["chunk_ms_p95"], 390, 1500);
        Assert.InRange(s["throughput_mbps"], 4, 8 / 0.39 + 0.5); // 8 Mbit in ≥ 390 ms
        // Chunk i is asked for once it ends within 4 s of the playhead (buffer ≤ 3 s) and takes ≥ 390 ms,
        // so the buffer swings between under 3 s and at most 4 s.
        Assert.InRange(s["buffer_min_s"], 1, 3);
        Assert.InRange(s["buffer_mean_s"], 2.5, 4);
        Assert.Equal(0, s["rebuffer_count"]);
        Assert.Equal(100, s["node_share_n1"]);
        var raw = await lab.Store.LoadRawAsync(outcome.RecordId);
        Assert.All(raw.Samples.Where(x => x.Series == "buffer_s"), x => Assert.InRange(x.Value, 0, 4.0001));
    }
}
