using StreamLab.Core.Campaigns;

namespace StreamLab.Tests.Core.Campaigns;

public class ScrapeFieldsTests
{
    [Fact]
    public void Load_PrometheusUrlsAndCounters_AreRead()
    {
        var loaded = CampaignLoader.LoadText("""
            name: p
            duration: 1s
            collect: { counters: [nack_total, 'fec_total{state="recovered"}'] }
            roles:
              sfu:
                command: ["sfu", "--port", "{port}"]
                prometheus: ["http://127.0.0.1:{port}/metrics", "http://127.0.0.1:{port2}/metrics"]
              one:
                command: ["x"]
                prometheus: "http://127.0.0.1:9/metrics"
            """, "p.yaml");

        Assert.True(loaded.IsValid, string.Join("\n", loaded.Errors));
        Assert.Equal(["http://127.0.0.1:{port}/metrics", "http://127.0.0.1:{port2}/metrics"], loaded.Campaign!.Roles[0].Prometheus);
        Assert.Single(loaded.Campaign.Roles[1].Prometheus);
        Assert.Equal(["nack_total", "fec_total{state=\"recovered\"}"], loaded.Campaign.Counters);
    }

    [Fact]
    public void Load_BadPrometheusUrlAndCounter_ReportsEachWithItsPath()
    {
        var loaded = CampaignLoader.LoadText("""
            name: p
            duration: 1s
            collect: { counters: ['9bad', 'ok{state=recovered}'], gauges: [] }
            roles:
              sfu:
                command: ["sfu"]
                prometheus: ["127.0.0.1:{port}/metrics", "http://{nope}/metrics"]
            """, "p.yaml");

        var text = string.Join("\n", loaded.Errors);
        Assert.False(loaded.IsValid);
        Assert.Contains("roles.sfu.prometheus[0]: '127.0.0.1:{port}/metrics' must be a URL", text);
        Assert.Contains("roles.sfu.prometheus[1]: unknown placeholder '{nope}'", text);
        Assert.Contains("collect.counters[0]: '9bad' is not a counter selector", text);
        Assert.Contains("collect.counters[1]:", text);
        Assert.Contains("gauges", text);
    }
}
