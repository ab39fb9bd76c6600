using OpenCvSharp;

namespace StreamLab.Collectors.Stamps;

/// <summary>Reads frame stamps with OpenCV's QR detector on a Mat viewing the stamp region of the luma plane (no copy).</summary>
public sealed unsafe class OpenCvStampReader : IDisposable
{
    private readonly QRCodeDetector _detector = new();

    public StampPayload? Read(LumaFrame frame, StampLayout layout)
    {
        var (x0, y0, w, h) = StampRegion.Of(frame, layout);
        fixed (byte* pixels = frame.Pixels)
        {
            using var region = Mat.FromPixelData(h, w, MatType.CV_8UC1, (nint)(pixels + (y0 * frame.Width) + x0), frame.Width);
            var text = _detector.DetectAndDecode(region, out _);
            return StampPayload.TryParse(text, out var payload) ? payload : null;
        }
    }

    public void Dispose() => _detector.Dispose();
}
