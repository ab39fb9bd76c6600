using StreamLab.Core.Campaigns;
using StreamLab.Core.Raw;
using StreamLab.Core.Storage;

namespace StreamLab.Tests.Web.Dashboard;

/// <summary>Puts a finished campaign straight into a store (no processes): 4 points × 2 repetitions with raw rows.</summary>
public static class DashboardSeed
{
    public static readonly HostFingerprint Host = new("test-host", "6.1", "Test CPU", 2, 4096, new Dictionary<string, string> { ["dotnet"] = "10" });

    public static async Task<IReadOnlyList<long>> SeedAsync(IResultStore store, string name = "seeded")
    {
        var loaded = CampaignLoader.LoadText(TestApp.TinyCampaignYaml(name), "<seed>");
        Assert.True(loaded.IsValid, string.Join("\n", loaded.Errors));
        var campaignId = await store.UpsertCampaignAsync(loaded.Campaign!);
        var ids = new List<long>();
        var start = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        foreach (var rep in new[] { 1, 2 })
        {
            foreach (var latency in new[] { "5", "20" })
            {
                foreach (var mode in new[] { "a", "b" })
                {
                    var p = new Dictionary<string, string> { ["latency"] = latency, ["mode"] = mode };
                    var key = $"latency={latency}_mode={mode}";
                    var id = await store.StartRecordAsync(new NewRecord(campaignId, key, p, rep, start, Host));
                    var t0 = start.ToUnixTimeMilliseconds() * 1000;
                    await using (var raw = store.CreateRawWriter())
                    {
                        for (var f = 0; f < 100; f++)
                        {
                            if (f is >= 40 and < 43)
                            {
                                continue;
                            }
                            var at = t0 + f * 20_000;
                            raw.Add(new FrameRow(id, at, f, at - int.Parse(latency) * 1000, 320, 240));
                        }
                        raw.Add(new SampleRow(id, "cpu_pct{role=\"client\"}", t0 + 500_000, 12, false));
                        raw.Add(new SampleRow(id, "sys_cpu_pct", t0 + 500_000, 40, false));
                        raw.Add(new EventRow(id, t0 + 300_000, "burst_on", null));
                        raw.Add(new EventRow(id, t0 + 600_000, "burst_off", null));
                        await raw.FlushAsync();
                    }
                    await store.SetWindowAsync(id, t0, t0 + 2_000_000);
                    var latencyP95 = int.Parse(latency) + rep;
                    await store.FinishRecordAsync(id, RecordStatus.Succeeded, null, start.AddSeconds(2),
                        new Dictionary<string, double> { ["latency_p95_ms"] = latencyP95, ["fps_mean"] = mode == "a" ? 50 : 40 });
                    ids.Add(id);
                    start = start.AddSeconds(3);
                }
            }
        }
        return ids;
    }
}
