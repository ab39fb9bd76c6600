using StreamLab.Core.Metrics;
using StreamLab.Core.Storage;
using StreamLab.Web.Dashboard;

namespace StreamLab.Tests.Web.Dashboard;

/// <summary>The matrix explorer's points and panels: one plotted point (and error bar) per matrix point, values reduced as the catalogue says.</summary>
public class MatrixChartTests
{
    private static readonly Dictionary<string, IReadOnlyList<string>> NoFilters = [];

    [Fact]
    public void Build_AParameterNeitherXNorGroup_BecomesOnePanelPerValue_WithOnePointPerXInEachTrace()
    {
        // The live-ws campaign's shape: client_mode × fps × resolution, 2 repetitions; x = client_mode, group = fps by default.
        var records = Campaign();

        var view = MatrixExplorer.Build(new MatrixQuery("c", "latency_p50_ms", null, null, NoFilters), records);
        var charts = MatrixChart.Build(view, p => p.PointKey);

        Assert.Equal("client_mode", view.X);
        Assert.Equal("fps", view.Group);
        Assert.Equal(["resolution"], view.Facets);
        Assert.Equal(["latency_p50_ms by client_mode, grouped by fps — resolution=480p", "latency_p50_ms by client_mode, grouped by fps — resolution=720p"],
            charts.Select(c => c.Title));
        foreach (var trace in charts.SelectMany(c => c.Traces))
        {
            Assert.Equal(trace.X.Count, trace.X.Distinct().Count());
            Assert.Equal(trace.X.Count, trace.Error!.Count(e => e is not null));
        }
        // Every matrix point is drawn exactly once, with its own mean: 480p and 720p are never pooled.
        var drawn = charts.SelectMany(c => c.Traces).SelectMany(t => t.Links!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(view.Points.Select(p => p.PointKey).Order(StringComparer.Ordinal), drawn);
        var smart720 = view.Points.Single(p => p.PointKey == "client_mode=smart_fps=30_resolution=720p");
        Assert.Equal(Level("smart", "30", "720p") + 0.5, smart720.Mean, 9);
        Assert.Contains("One panel per value of resolution", MatrixChart.Explanation(view));
        // One y scale for both panels, wide enough for every error bar.
        Assert.Equal(charts[0].YRange, charts[1].YRange);
        var range = charts[0].YRange!;
        Assert.All(view.Points, p => Assert.InRange(p.Mean + p.Ci95!.Value, range[0], range[1]));
        Assert.All(view.Points, p => Assert.InRange(p.Mean - p.Ci95!.Value, range[0], range[1]));
    }

    [Fact]
    public void Build_FilteredToOneValue_HasNoPanels()
    {
        var view = MatrixExplorer.Build(new MatrixQuery("c", "latency_p50_ms", null, null,
            new Dictionary<string, IReadOnlyList<string>> { ["resolution"] = ["480p"] }), Campaign());

        Assert.Empty(view.Facets!);
        Assert.Single(MatrixChart.Build(view, p => p.PointKey));
        Assert.DoesNotContain("panel", MatrixChart.Explanation(view));
    }

    [Fact]
    public void Build_NoGroupChosen_FacetsByTheGroupParameterToo()
    {
        var view = MatrixExplorer.Build(new MatrixQuery("c", "latency_p50_ms", "fps", "", NoFilters), Campaign());

        Assert.Null(view.Group);
        Assert.Equal(["client_mode", "resolution"], view.Facets);
        var charts = MatrixChart.Build(view, p => p.PointKey);
        Assert.Equal(4, charts.Count);
        Assert.All(charts, c => Assert.Equal(2, Assert.Single(c.Traces).X.Count));
    }

    [Fact]
    public void Build_AMaxMetric_ShowsTheLargestRepetition_WithoutAnInterval()
    {
        // latency_max_ms aggregates by max in the catalogue: a mean ± CI would describe something the metric is not.
        Assert.Equal(Aggregation.Max, MetricCatalogue.Describe("latency_max_ms").AcrossRepetitions);
        var records = Campaign();

        var view = MatrixExplorer.Build(new MatrixQuery("c", "latency_max_ms", null, null, NoFilters), records);
        var point = view.Points.First();
        var charts = MatrixChart.Build(view, p => p.PointKey);

        Assert.Equal(Aggregation.Max, view.Aggregation);
        Assert.Null(point.Ci95);
        Assert.Equal(point.Max, view.ValueOf(point));
        Assert.NotEqual(point.Mean, view.ValueOf(point));
        Assert.All(charts.SelectMany(c => c.Traces), t => Assert.Null(t.Error));
        Assert.EndsWith("max over repetitions", charts[0].YTitle);
    }

    [Fact]
    public void Build_MorePanelsThanTheCap_DrawsTheFirstAndSaysHowToSeeTheRest()
    {
        // x = a (2 values), group = b (2 values), c has 30: 30 panels, 24 drawn.
        var records = new List<RecordView>();
        foreach (var a in new[] { "1", "2" })
        {
            foreach (var b in new[] { "1", "2" })
            {
                for (var c = 1; c <= 30; c++)
                {
                    var p = new Dictionary<string, string> { ["a"] = a, ["b"] = b, ["c"] = c.ToString(System.Globalization.CultureInfo.InvariantCulture) };
                    records.Add(new RecordView(records.Count + 1, 1, "c", $"a={a}_b={b}_c={c}", p, 1, RecordStatus.Succeeded, null, DateTimeOffset.UnixEpoch,
                        null, null, null, null, null, new Dictionary<string, double> { ["fps_mean"] = c }));
                }
            }
        }

        var view = MatrixExplorer.Build(new MatrixQuery("c", "fps_mean", "a", "b", NoFilters), records);
        var charts = MatrixChart.Build(view, p => p.PointKey);

        Assert.Equal(MatrixChart.MaxPanels, charts.Count);
        Assert.EndsWith("c=1", charts[0].Title);
        Assert.EndsWith("c=24", charts[^1].Title); // numeric order, not 1, 10, 11, …
        Assert.Contains("Only the first 24 of 30 panels are drawn: filter c", MatrixChart.Explanation(view));
    }

    [Fact]
    public void Report_SavedBeforePanels_StillShowsItsSingleChart()
    {
        // A matrix report frozen by an older StreamLab: one "chart", no "panels", no aggregation.
        const string json = """
            {"matrix":{"campaign":"c","stats":["latency_max_ms"],"stat":"latency_max_ms","axes":[],"x":null,"group":null,
             "points":[{"pointKey":"p","params":{},"n":2,"mean":10,"stdDev":1,"ci95":9,"min":9,"max":11,"recordIds":[1,2]}],
             "recordsUsed":2,"recordsNotSucceeded":0},
             "unit":"ms","chart":{"title":"old","xTitle":"x","yTitle":"y","traces":[]},"sourceUrl":"/matrix?campaign=c"}
            """;

        var view = (StreamLab.Web.Reports.MatrixReportView)StreamLab.Web.Reports.ReportKinds.Find("matrix")!.Deserialize(json);

        Assert.Equal("old", Assert.Single(view.Charts).Title);
        // It showed the mean when it was saved, and still does.
        Assert.Equal(10, view.Matrix.ValueOf(view.Matrix.Points[0]));
        Assert.Null(view.Explanation);
    }

    private static double Level(string mode, string fps, string resolution) =>
        (mode == "smart" ? 50 : 80) + (fps == "30" ? 5 : 0) + (resolution == "720p" ? 20 : 0);

    /// <summary>Two repetitions of every point, ±0.5 around its level (latency_max_ms: the level + 10 and + 30).</summary>
    private static List<RecordView> Campaign()
    {
        var records = new List<RecordView>();
        foreach (var mode in new[] { "naive", "smart" })
        {
            foreach (var fps in new[] { "20", "30" })
            {
                foreach (var resolution in new[] { "480p", "720p" })
                {
                    var p = new Dictionary<string, string> { ["client_mode"] = mode, ["fps"] = fps, ["resolution"] = resolution };
                    var key = $"client_mode={mode}_fps={fps}_resolution={resolution}";
                    for (var rep = 0; rep < 2; rep++)
                    {
                        var level = Level(mode, fps, resolution);
                        var summary = new Dictionary<string, double> { ["latency_p50_ms"] = level + rep, ["latency_max_ms"] = level + 10 + 20 * rep };
                        records.Add(new RecordView(records.Count + 1, 1, "c", key, p, rep + 1, RecordStatus.Succeeded, null, DateTimeOffset.UnixEpoch,
                            null, null, null, null, null, summary));
                    }
                }
            }
        }
        return records;
    }
}
