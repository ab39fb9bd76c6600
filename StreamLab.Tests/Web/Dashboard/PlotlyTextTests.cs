using System.Text.Json;
using StreamLab.Core.Raw;
using StreamLab.Web.Dashboard;
using StreamLab.Web.Reports;

namespace StreamLab.Tests.Web.Dashboard;

public class PlotlyTextTests
{
    private const string Link = "<a href=\"https://evil.example\">click</a>";

    [Fact]
    public void ChartTexts_ReachTheBrowserAsPlainText_NeverAsPlotlyMarkup()
    {
        // An event pair named with a link, as a system under test or an imported events.csv could write it.
        var events = new[] { new EventRow(1, 1_000_000, Link + "_on", null), new EventRow(1, 2_000_000, Link + "_off", null) };
        var window = Assert.Single(RecordCharts.Windows(events, us => us / 1e6));
        Assert.Equal(Link, window.Label); // the model keeps the name as it is
        var spec = new ChartSpec("fps & <b>loss</b>", "s", "fps", [new ChartTrace(Link, [0.0], [1.0])], [window], [new ChartMarker(1, Link)]);

        foreach (var options in new[] { new JsonSerializerOptions(JsonSerializerDefaults.Web), ReportJson.Options })
        {
            var json = JsonSerializer.Serialize(spec, options);
            var texts = Texts(JsonDocument.Parse(json).RootElement).ToList();
            Assert.DoesNotContain(texts, t => t.Contains('<') || t.Contains('>'));
            Assert.Contains("fps &amp; &lt;b&gt;loss&lt;/b&gt;", texts);
            Assert.Equal(3, texts.Count(t => t == "&lt;a href=\"https://evil.example\"&gt;click&lt;/a&gt;"));
        }
    }

    private static IEnumerable<string> Texts(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => [e.GetString()!],
        JsonValueKind.Object => e.EnumerateObject().SelectMany(p => Texts(p.Value)),
        JsonValueKind.Array => e.EnumerateArray().SelectMany(Texts),
        _ => [],
    };
}
