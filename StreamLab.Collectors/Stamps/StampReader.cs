using System.Text;

namespace StreamLab.Collectors.Stamps;

/// <summary>
/// Reads frame stamps with ZBar, QR symbology only. It copies just the stamp's region (plus a
/// module of slack) into a small buffer, thresholded,, which is what makes it fast: a full 1080p scan costs
/// 35–150 ms, the region 2–4 ms. ZBar's scanner grows ~200 B per scan, so it is recreated every
/// <see cref="ScansPerScanner"/> scans. Not thread-safe: one reader per decoding loop.
/// </summary>
public sealed class StampReader : IDisposable
{
    public const int ScansPerScanner = 1000;

    private nint _scanner;
    private int _scans;
    private byte[] _region = [];

    /// <summary>Scans only the stamp region of <paramref name="layout"/>.</summary>
    public StampPayload? Read(LumaFrame frame, StampLayout layout)
    {
        var slack = layout.ModulePx;
        var x0 = Math.Max(0, layout.X - slack);
        var y0 = Math.Max(0, layout.Y - slack);
        var w = Math.Min(frame.Width - x0, layout.SizePx + (2 * slack));
        var h = Math.Min(frame.Height - y0, layout.SizePx + (2 * slack));
        if (_region.Length < w * h)
        {
            _region = new byte[w * h];
        }
        // The stamp is pure black and white, so the copy is thresholded at mid-grey: JPEG ringing
        // around module edges otherwise made ZBar miss whole codes (4–6 px modules, even at q100).
        for (var row = 0; row < h; row++)
        {
            var source = frame.Pixels.AsSpan(((y0 + row) * frame.Width) + x0, w);
            var target = _region.AsSpan(row * w, w);
            for (var i = 0; i < source.Length; i++)
            {
                target[i] = source[i] < 128 ? (byte)0 : (byte)255;
            }
        }
        return Scan(_region, w, h);
    }

    /// <summary>Scans the whole frame (the slow way; for the benchmark and as a fallback).</summary>
    public StampPayload? ReadFullFrame(LumaFrame frame) => Scan(frame.Pixels, frame.Width, frame.Height);

    private unsafe StampPayload? Scan(byte[] pixels, int width, int height)
    {
        if (_scanner == 0 || _scans >= ScansPerScanner)
        {
            ReleaseScanner();
            _scanner = ZBarNative.ScannerCreate();
            _ = ZBarNative.ScannerSetConfig(_scanner, 0, ZBarNative.ConfigEnable, 0);
            _ = ZBarNative.ScannerSetConfig(_scanner, ZBarNative.SymbolQr, ZBarNative.ConfigEnable, 1);
            _scans = 0;
        }
        _scans++;
        var image = ZBarNative.ImageCreate();
        try
        {
            fixed (byte* data = pixels)
            {
                ZBarNative.ImageSetFormat(image, ZBarNative.FourccY800);
                ZBarNative.ImageSetSize(image, (uint)width, (uint)height);
                ZBarNative.ImageSetData(image, (nint)data, (nuint)(width * height), 0);
                if (ZBarNative.ScanImage(_scanner, image) <= 0)
                {
                    return null;
                }
                for (var symbol = ZBarNative.ImageFirstSymbol(image); symbol != 0; symbol = ZBarNative.SymbolNext(symbol))
                {
                    var length = (int)ZBarNative.SymbolGetDataLength(symbol);
                    var text = Encoding.ASCII.GetString(new ReadOnlySpan<byte>((void*)ZBarNative.SymbolGetData(symbol), length));
                    if (StampPayload.TryParse(text, out var payload))
                    {
                        return payload;
                    }
                }
                return null;
            }
        }
        finally
        {
            // The data belongs to the managed array: detach it before ZBar frees the image.
            ZBarNative.ImageSetData(image, 0, 0, 0);
            ZBarNative.ImageDestroy(image);
        }
    }

    private void ReleaseScanner()
    {
        if (_scanner != 0)
        {
            ZBarNative.ScannerDestroy(_scanner);
            _scanner = 0;
        }
    }

    public void Dispose() => ReleaseScanner();
}
