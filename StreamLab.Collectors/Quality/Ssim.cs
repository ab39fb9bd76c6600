using OpenCvSharp;
using StreamLab.Collectors.Stamps;

namespace StreamLab.Collectors.Quality;

/// <summary>
/// Luma SSIM as Wang, Bovik, Sheikh and Simoncelli defined it (IEEE TIP 2004; their reference
/// <c>ssim_index.m</c>): local means, variances and covariance under an 11×11 Gaussian window of
/// σ = 1.5, C1 = (0.01·255)², C2 = (0.03·255)², averaged over every window lying wholly inside the
/// frame (MATLAB's 'valid'; no downsampling). The moments come from OpenCV (CV_32F, separable
/// Gaussian blurs); the formula runs in one fused pass over them, which halved the cost of doing it
/// as a dozen whole-frame OpenCV operations. Buffers are kept between calls of the same size. Not thread-safe.
/// </summary>
public sealed class Ssim : IDisposable
{
    public const int WindowPx = 11;
    public const double Sigma = 1.5;
    public const double K1 = 0.01;
    public const double K2 = 0.03;
    private const double C1 = K1 * 255 * K1 * 255;
    private const double C2 = K2 * 255 * K2 * 255;
    private const double Centre = 128;

    private readonly Mat _x = new(), _y = new(), _squares = new(), _xy = new();
    private readonly Mat _mx = new(), _my = new(), _ms = new(), _mxy = new();
    private readonly Mat _noMask = new();

    public unsafe double Of(LumaFrame reference, LumaFrame received)
    {
        if (reference.Width != received.Width || reference.Height != received.Height)
        {
            throw new ArgumentException($"sizes differ: {reference.Width}x{reference.Height} vs {received.Width}x{received.Height}");
        }
        var (w, h) = (reference.Width, reference.Height);
        if (w < WindowPx || h < WindowPx)
        {
            throw new ArgumentException($"a {w}x{h} frame is smaller than the {WindowPx}x{WindowPx} window");
        }
        fixed (byte* a = reference.Pixels)
        fixed (byte* b = received.Pixels)
        {
            using var ref8 = Mat.FromPixelData(h, w, MatType.CV_8UC1, (nint)a);
            using var rec8 = Mat.FromPixelData(h, w, MatType.CV_8UC1, (nint)b);
            // Centred on mid-grey: second moments of values within ±128 instead of 0…255 keep 4× more float precision
            // in σ² = E[x²] − μ² (variances are shift-invariant; the means get the 128 back in Combine).
            ref8.ConvertTo(_x, MatType.CV_32F, 1, -Centre);
            rec8.ConvertTo(_y, MatType.CV_32F, 1, -Centre);
        }
        Cv2.Multiply(_x, _y, _xy);
        Cv2.Multiply(_x, _x, _squares);
        Cv2.AccumulateSquare(_y, _squares, _noMask); // x² + y²: only σx² + σy² enters the formula, so one blur serves both
        var size = new Size(WindowPx, WindowPx);
        Cv2.GaussianBlur(_x, _mx, size, Sigma, Sigma);
        Cv2.GaussianBlur(_y, _my, size, Sigma, Sigma);
        Cv2.GaussianBlur(_squares, _ms, size, Sigma, Sigma);
        Cv2.GaussianBlur(_xy, _mxy, size, Sigma, Sigma);
        return Combine(_mx, _my, _ms, _mxy, Centre, C1, C2, new Rect(WindowPx / 2, WindowPx / 2, w - (WindowPx - 1), h - (WindowPx - 1)));
    }

    /// <summary>
    /// The SSIM formula over local moments (CV_32F maps of E[x], E[y], E[x² + y²], E[xy] per window, of
    /// pixel values less <paramref name="centre"/>), averaged over the window positions in <paramref name="windows"/>:
    /// ((2μxμy + C1)(2σxy + C2)) / ((μx² + μy² + C1)(σx² + σy² + C2)), in double, in one pass.
    /// </summary>
    internal static unsafe double Combine(Mat mx, Mat my, Mat squares, Mat xy, double centre, double c1, double c2, Rect windows)
    {
        foreach (var m in new[] { mx, my, squares, xy })
        {
            if (m.Type() != MatType.CV_32F)
            {
                throw new ArgumentException($"moment maps must be CV_32F, got {m.Type()}");
            }
        }
        var total = 0.0;
        for (var row = windows.Y; row < windows.Bottom; row++)
        {
            var px = (float*)mx.Ptr(row) + windows.X;
            var py = (float*)my.Ptr(row) + windows.X;
            var ps = (float*)squares.Ptr(row) + windows.X;
            var pxy = (float*)xy.Ptr(row) + windows.X;
            var line = 0.0;
            for (var i = 0; i < windows.Width; i++)
            {
                double ux = px[i], uy = py[i];
                var variances = ps[i] - ((ux * ux) + (uy * uy));
                var covariance = pxy[i] - (ux * uy);
                var (mx0, my0) = (ux + centre, uy + centre);
                line += ((2 * mx0 * my0) + c1) * ((2 * covariance) + c2) / (((mx0 * mx0) + (my0 * my0) + c1) * (variances + c2));
            }
            total += line;
        }
        return total / ((double)windows.Width * windows.Height);
    }

    public void Dispose()
    {
        foreach (var mat in new[] { _x, _y, _squares, _xy, _mx, _my, _ms, _mxy, _noMask })
        {
            mat.Dispose();
        }
    }
}
