using StreamLab.Core.Raw;
using StreamLab.Web.Dashboard;

namespace StreamLab.Tests.Web.Dashboard;

public class QualityChartTests
{
    [Fact]
    public void Build_MeasuredFrames_PlotPsnrOnTheLeftAndSsimOnTheRightAxis()
    {
        FrameQualityPoint[] points = [new(1_000_000, 41.5, 0.981), new(2_000_000, null, 0.75), new(3_000_000, 38.0, null)];
        var chart = QualityChart.Build(points, us => us / 1e6)!;
        Assert.Equal(["PSNR (dB)", "SSIM"], chart.Traces.Select(t => t.Name));
        Assert.Equal([41.5, 38.0], chart.Traces[0].Y);
        Assert.Equal([0.981, 0.75], chart.Traces[1].Y);
        Assert.True(chart.Traces[1].SecondaryY);
        Assert.Equal("SSIM", chart.Y2Title);
        Assert.True(chart.FitY); // SSIM 0.98 against 0.99 must not be a flat line on an axis from 0
        Assert.Equal([1.0, 2.0], chart.Traces[1].X.Cast<double>());
    }

    [Fact]
    public void Build_NoMeasuredFrames_IsNoChart() => Assert.Null(QualityChart.Build([], us => us / 1e6));

    [Fact]
    public void RecordCharts_RecordWithMeasuredFrames_HasTheQualityChart()
    {
        var started = DateTimeOffset.FromUnixTimeMilliseconds(1_000);
        var record = new StreamLab.Core.Storage.RecordView(1, 1, "c", "p=1", new Dictionary<string, string>(), 1, StreamLab.Core.Storage.RecordStatus.Succeeded,
            null, started, started.AddSeconds(3), null, null, null, null, new Dictionary<string, double>());
        FrameRow[] frames = [new(1, 1_500_000, 10, 1_400_000, 64, 48, PsnrDb: 40, Ssim: 0.99), new(1, 1_533_000, 11, 1_433_000, 64, 48)];
        var charts = RecordCharts.Build(record, new StreamLab.Core.Storage.RecordRaw(frames, [], []));
        Assert.Contains(charts, c => c.Title.StartsWith("Per-frame quality", StringComparison.Ordinal));
    }
}
