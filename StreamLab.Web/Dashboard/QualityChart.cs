using StreamLab.Core.Raw;

namespace StreamLab.Web.Dashboard;

/// <summary>
/// The record viewer's per-frame picture quality: luma PSNR (dB, left axis) and SSIM (right axis) of the measured
/// frames (one in <c>quality_every</c>), reduced to buckets like every other series.
/// </summary>
public static class QualityChart
{
    public static ChartSpec? Build(IReadOnlyList<FrameQualityPoint> points, Func<long, double> seconds)
    {
        var psnr = points.Where(p => p.PsnrDb is { } v && double.IsFinite(v)).Select(p => (seconds(p.RecvWallUs), p.PsnrDb!.Value)).ToList();
        var ssim = points.Where(p => p.Ssim is { } v && double.IsFinite(v)).Select(p => (seconds(p.RecvWallUs), p.Ssim!.Value)).ToList();
        if (psnr.Count == 0 && ssim.Count == 0)
        {
            return null;
        }
        var traces = new List<ChartTrace>();
        if (psnr.Count > 0)
        {
            traces.Add(RecordCharts.Trace("PSNR (dB)", psnr));
        }
        if (ssim.Count > 0)
        {
            traces.Add(RecordCharts.Trace("SSIM", ssim) with { SecondaryY = psnr.Count > 0 });
        }
        return new ChartSpec("Per-frame quality against the source (measured frames)", "seconds since start",
            psnr.Count > 0 ? "PSNR (dB)" : "SSIM", traces, Y2Title: psnr.Count > 0 && ssim.Count > 0 ? "SSIM" : null, FitY: true);
    }
}
