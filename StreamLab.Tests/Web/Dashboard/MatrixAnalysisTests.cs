using Bunit;
using StreamLab.Core.Raw;
using StreamLab.Web.Components.Shared;
using StreamLab.Web.Dashboard;

namespace StreamLab.Tests.Web.Dashboard;

/// <summary>The explorer's Reg (per-record scatter + least-squares fit) and Heat (server-binned 2-D histogram) views.</summary>
public class MatrixAnalysisTests : IDisposable
{
    private readonly BunitContext _ctx = new();

    [Fact]
    public void Fit_PointsOnALine_GiveItsSlopeInterceptAndRSquaredOne()
    {
        var fit = MatrixRegression.Fit([(1, 3), (2, 5), (4, 9)])!;

        Assert.Equal(2, fit.Slope, 12);
        Assert.Equal(1, fit.Intercept, 12);
        Assert.Equal(1, fit.RSquared, 12);
    }

    [Fact]
    public void Fit_ScatteredPoints_MatchesAHandComputedFit()
    {
        // x̄ = 2, ȳ = 2; Sxx = 2, Sxy = 2, Syy = 8/3·… worked out: slope 1, intercept 0, R² = 4 / (2 · 2.6667) = 0.75.
        var fit = MatrixRegression.Fit([(1, 0), (2, 3), (3, 2), (2, 3), (2, 2)])!;
        var sxx = 2.0;
        var sxy = 2.0;
        var syy = 4 + 1 + 0 + 1 + 0; // (0-2)², (3-2)², (2-2)², (3-2)², (2-2)²

        Assert.Equal(sxy / sxx, fit.Slope, 12);
        Assert.Equal(2 - fit.Slope * 2, fit.Intercept, 12);
        Assert.Equal(sxy * sxy / (sxx * syy), fit.RSquared, 12);
        Assert.Null(MatrixRegression.Fit([(1, 1), (1, 2)]));
        Assert.Null(MatrixRegression.Fit([(1, 1)]));
    }

    [Fact]
    public void Chart_UnitlessMetric_TitlesTheAxisWithoutEmptyParenthesesAndFitsItToTheRecords()
    {
        var started = DateTimeOffset.FromUnixTimeMilliseconds(1_000);
        StreamLab.Core.Storage.RecordView Record(long id, string kbps, double ssim) => new(id, 1, "c", "bitrate_kbps=" + kbps,
            new Dictionary<string, string> { ["bitrate_kbps"] = kbps }, 1, StreamLab.Core.Storage.RecordStatus.Succeeded, null, started,
            started.AddSeconds(3), null, null, null, null, new Dictionary<string, double> { ["ssim_mean"] = ssim, ["latency_p50_ms"] = 100 });
        StreamLab.Core.Storage.RecordView[] records = [Record(1, "500", 0.95), Record(2, "1000", 0.99)];

        var (chart, fit, n) = MatrixRegression.Chart(records, "ssim_mean", "bitrate_kbps");
        var (latency, _, _) = MatrixRegression.Chart(records, "latency_p50_ms", "bitrate_kbps");

        Assert.Equal("ssim_mean, per record", chart.YTitle);
        Assert.Equal("latency_p50_ms (ms), per record", latency.YTitle);
        Assert.True(chart.FitY);
        Assert.Equal(2, n);
        Assert.Equal(0.04 / 500, fit!.Slope, 12);
    }

    [Theory]
    [InlineData("reg:latency_p50_ms:fps", "latency_p50_ms", "fps")]
    [InlineData("reg:latency_p50_ms", null, null)]
    [InlineData("latency_p50_ms", null, null)]
    [InlineData("reg::fps", null, null)]
    public void ParseReg_TakesMetricThenParam(string stat, string? metric, string? param) =>
        Assert.Equal(metric is null ? null : (metric, param!), MatrixRegression.Parse(stat));

    [Fact]
    public void ParseHeat_KnownFieldsOnly()
    {
        Assert.Equal(("latency_ms", "time_s"), FrameHeatmap.Parse("heat:latency_ms:time_s"));
        Assert.Null(FrameHeatmap.Parse("heat:latency_ms:colour"));
    }

    [Fact]
    public void HeatBins_CountEveryFrameOnce_AndLeaveEmptyCellsBlank()
    {
        var xs = Enumerable.Range(0, 1000).Select(i => (double)(i % 10)).ToList();
        var ys = Enumerable.Range(0, 1000).Select(i => i % 10 * 2.0).ToList();

        var chart = FrameHeatmap.Bin(xs, ys, "latency_ms", "time_s", 1);

        var z = chart.Heatmap!.Z;
        Assert.Equal(1000, z.Sum(row => row.Sum(c => c ?? 0)));
        // y = 2x: every frame sits on the diagonal, so 10 cells hold 100 each and the rest are blank.
        Assert.Equal(10, z.Sum(row => row.Count(c => c is not null)));
        Assert.All(z.SelectMany(row => row).OfType<double>(), c => Assert.Equal(100, c));
        Assert.Equal(FrameHeatmap.Bins, chart.Heatmap.X.Count);
    }

    [Fact]
    public void HeatValue_FramesWithoutTheField_AreLeftOut()
    {
        FrameRow[] frames = [new(1, 2_000_000, 1, null, 8, 8), new(1, 3_000_000, 2, 2_990_000, 8, 8, SizeBytes: 5000)];

        Assert.Null(FrameHeatmap.Value(frames, 0, "latency_ms", 0));
        Assert.Equal(10, FrameHeatmap.Value(frames, 1, "latency_ms", 0));
        Assert.Null(FrameHeatmap.Value(frames, 0, "size_kb", 0));
        Assert.Equal(5, FrameHeatmap.Value(frames, 1, "size_kb", 0));
        Assert.Equal(1000, FrameHeatmap.Value(frames, 1, "interarrival_ms", 0));
        Assert.Equal(3, FrameHeatmap.Value(frames, 1, "time_s", 0));
    }

    [Fact]
    public void StatPicker_WithAnalysisOptions_OffersThemAndKeepsAnUnofferedOneFromTheUrl()
    {
        string? chosen = null;
        var cut = _ctx.Render<StatPicker>(p => p
            .Add(c => c.Stats, ["fps_mean", "latency_p95_ms"])
            .Add(c => c.Selected, "heat:psnr_db:frame_id")
            .Add(c => c.Extra, [("reg:fps_mean:rate", "Reg: fps_mean vs rate")])
            .Add(c => c.SelectedChanged, (string s) => chosen = s));

        Assert.Contains("Reg: fps_mean vs rate", cut.Find("optgroup").TextContent);
        Assert.Contains("Heat: psnr_db vs frame_id", cut.Find("optgroup").TextContent);
        Assert.Empty(cut.FindAll(".sl-stat-description"));
        cut.Find("select").Change("reg:fps_mean:rate");
        Assert.Equal("reg:fps_mean:rate", chosen);
    }

    [Fact]
    public async Task MatrixPage_RegAndHeatUrls_RenderTheFitAndTheHistogram()
    {
        await using var app = await TestApp.StartAsync();
        await DashboardSeed.SeedAsync(app.Store);

        // latency_p95_ms = latency + repetition over latency 5 and 20: the per-record fit has slope 1 exactly.
        var reg = await app.Http.GetStringAsync("/matrix?campaign=seeded&stat=reg%3Alatency_p95_ms%3Alatency&x=latency&group=mode");
        Assert.Contains("<b class=\"sl-slope\">1</b>", reg);
        Assert.Contains("over 8 record(s)", reg);
        Assert.Contains("Reg: latency_p95_ms vs latency", reg);
        // The point chart's x and grouping pickers do nothing here, so they are not shown (they are on a plain stat).
        Assert.DoesNotContain("class=\"sl-x\"", reg);
        Assert.Contains("class=\"sl-x\"", await app.Http.GetStringAsync("/matrix?campaign=seeded&stat=latency_p95_ms&x=latency"));

        var filtered = await app.Http.GetStringAsync("/matrix?campaign=seeded&stat=reg%3Alatency_p95_ms%3Alatency&mode=a");
        Assert.Contains("over 4 record(s)", filtered);

        // 100 frames with ids 40–42 missing: 97 stamped frames per record.
        var heat = await app.Http.GetStringAsync("/matrix?campaign=seeded&stat=heat%3Alatency_ms%3Atime_s");
        Assert.Contains("776 frames of", heat);
        Assert.Contains("data-chart=\"Heat: latency_ms vs time_s", heat);
    }

    public void Dispose()
    {
        _ctx.Dispose();
        GC.SuppressFinalize(this);
    }
}
