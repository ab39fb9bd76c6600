using OpenCvSharp;

namespace StreamLab.Collectors.Stamps;

/// <summary>Grey JPEG encode and decode through OpenCV's imencode/imdecode (its own static libjpeg-turbo).</summary>
public sealed unsafe class OpenCvJpegCodec
{
    public byte[] Encode(LumaFrame frame, int quality)
    {
        fixed (byte* pixels = frame.Pixels)
        {
            using var mat = Mat.FromPixelData(frame.Height, frame.Width, MatType.CV_8UC1, (nint)pixels);
            Cv2.ImEncode(".jpg", mat, out var jpeg, new ImageEncodingParam(ImwriteFlags.JpegQuality, quality));
            return jpeg;
        }
    }

    public LumaFrame Decode(ReadOnlySpan<byte> jpeg, LumaFrame? into = null)
    {
        using var mat = Cv2.ImDecode(jpeg, ImreadModes.Grayscale);
        if (mat.Empty())
        {
            throw new InvalidDataException("JPEG unreadable");
        }
        var frame = into is not null && into.Width == mat.Width && into.Height == mat.Height ? into : new LumaFrame(mat.Width, mat.Height);
        fixed (byte* pixels = frame.Pixels)
        {
            using var target = Mat.FromPixelData(frame.Height, frame.Width, MatType.CV_8UC1, (nint)pixels);
            mat.CopyTo(target);
        }
        return frame;
    }
}
