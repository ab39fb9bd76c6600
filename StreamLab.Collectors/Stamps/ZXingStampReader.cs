using ZXing;
using ZXing.Common;
using ZXing.QrCode;

namespace StreamLab.Collectors.Stamps;

/// <summary>
/// Reads frame stamps with ZXing.Net's QR reader (finder-pattern detection, then decoding) over a
/// luminance source cropped to the stamp's region of the luma plane: no copy and no image library
/// in between. A bake-off contender. Not thread-safe.
/// </summary>
public sealed class ZXingStampReader
{
    private readonly QRCodeReader _reader = new();
    private readonly Dictionary<DecodeHintType, object> _hints = new()
    {
        [DecodeHintType.POSSIBLE_FORMATS] = new List<BarcodeFormat> { BarcodeFormat.QR_CODE },
    };

    public StampPayload? Read(LumaFrame frame, StampLayout layout)
    {
        var (x0, y0, w, h) = StampRegion.Of(frame, layout);
        var source = new PlanarYUVLuminanceSource(frame.Pixels, frame.Width, frame.Height, x0, y0, w, h, false);
        var result = _reader.decode(new BinaryBitmap(new HybridBinarizer(source)), _hints);
        _reader.reset();
        return result is not null && StampPayload.TryParse(result.Text, out var payload) ? payload : null;
    }
}
