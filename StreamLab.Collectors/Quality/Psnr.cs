using StreamLab.Collectors.Stamps;

namespace StreamLab.Collectors.Quality;

/// <summary>
/// Luma PSNR in dB: 10·log10(255² / MSE) over every pixel of two same-size grey frames. Identical
/// frames (MSE = 0) give <see cref="CapDb"/> instead of +∞, so means over frames stay finite.
/// </summary>
public static class Psnr
{
    public const double CapDb = StreamLab.Core.Metrics.StreamSummary.PsnrCapDb;

    public static double Of(LumaFrame reference, LumaFrame received)
    {
        if (reference.Width != received.Width || reference.Height != received.Height)
        {
            throw new ArgumentException($"sizes differ: {reference.Width}x{reference.Height} vs {received.Width}x{received.Height}");
        }
        var a = reference.Pixels;
        var b = received.Pixels;
        long sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var d = a[i] - b[i];
            sum += d * d;
        }
        if (sum == 0)
        {
            return CapDb;
        }
        var mse = (double)sum / a.Length;
        return Math.Min(CapDb, 10 * Math.Log10(255.0 * 255.0 / mse));
    }
}
