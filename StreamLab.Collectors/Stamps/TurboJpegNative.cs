using System.Runtime.InteropServices;

namespace StreamLab.Collectors.Stamps;

/// <summary>The TurboJPEG 2.1 API of libjpeg-turbo (libturbojpeg.so.0); kept over OpenCvSharp4's imencode/imdecode by measurement (see JpegCodec).</summary>
internal static partial class TurboJpegNative
{
    private const string Library = "libturbojpeg.so.0";

    public const int PixelGray = 6;
    public const int Subsample420 = 2;
    public const int SubsampleGray = 3;
    public const int FlagNoRealloc = 1024;

    [LibraryImport(Library, EntryPoint = "tjInitCompress")]
    public static partial nint InitCompress();

    [LibraryImport(Library, EntryPoint = "tjInitDecompress")]
    public static partial nint InitDecompress();

    [LibraryImport(Library, EntryPoint = "tjDestroy")]
    public static partial int Destroy(nint handle);

    [LibraryImport(Library, EntryPoint = "tjBufSize")]
    public static partial nuint BufSize(int width, int height, int subsampling);

    [LibraryImport(Library, EntryPoint = "tjCompress2")]
    public static unsafe partial int Compress2(nint handle, byte* source, int width, int pitch, int height, int pixelFormat,
        byte** jpeg, nuint* jpegSize, int subsampling, int quality, int flags);

    [LibraryImport(Library, EntryPoint = "tjDecompressHeader3")]
    public static unsafe partial int DecompressHeader3(nint handle, byte* jpeg, nuint jpegSize, out int width, out int height,
        out int subsampling, out int colorspace);

    [LibraryImport(Library, EntryPoint = "tjDecompress2")]
    public static unsafe partial int Decompress2(nint handle, byte* jpeg, nuint jpegSize, byte* destination, int width, int pitch,
        int height, int pixelFormat, int flags);

    [LibraryImport(Library, EntryPoint = "tjGetErrorStr2")]
    public static partial nint GetErrorStr2(nint handle);

    public static string Error(nint handle) => Marshal.PtrToStringUTF8(GetErrorStr2(handle)) ?? "unknown TurboJPEG error";
}
