using System.Runtime.InteropServices;

namespace StreamLab.Collectors.Stamps;

/// <summary>The few ZBar (libzbar.so.0) entry points the stamp reader needs; <c>unsigned long</c> is nuint on Linux x64.</summary>
internal static partial class ZBarNative
{
    private const string Library = "libzbar.so.0";

    /// <summary>Y800: 8-bit grey, one byte per pixel.</summary>
    public const nuint FourccY800 = 0x30303859;
    public const int SymbolQr = 64;
    public const int ConfigEnable = 0;

    [LibraryImport(Library, EntryPoint = "zbar_image_scanner_create")]
    public static partial nint ScannerCreate();

    [LibraryImport(Library, EntryPoint = "zbar_image_scanner_destroy")]
    public static partial void ScannerDestroy(nint scanner);

    [LibraryImport(Library, EntryPoint = "zbar_image_scanner_set_config")]
    public static partial int ScannerSetConfig(nint scanner, int symbology, int config, int value);

    [LibraryImport(Library, EntryPoint = "zbar_image_create")]
    public static partial nint ImageCreate();

    [LibraryImport(Library, EntryPoint = "zbar_image_destroy")]
    public static partial void ImageDestroy(nint image);

    [LibraryImport(Library, EntryPoint = "zbar_image_set_format")]
    public static partial void ImageSetFormat(nint image, nuint fourcc);

    [LibraryImport(Library, EntryPoint = "zbar_image_set_size")]
    public static partial void ImageSetSize(nint image, uint width, uint height);

    [LibraryImport(Library, EntryPoint = "zbar_image_set_data")]
    public static partial void ImageSetData(nint image, nint data, nuint length, nint cleanup);

    [LibraryImport(Library, EntryPoint = "zbar_scan_image")]
    public static partial int ScanImage(nint scanner, nint image);

    [LibraryImport(Library, EntryPoint = "zbar_image_first_symbol")]
    public static partial nint ImageFirstSymbol(nint image);

    [LibraryImport(Library, EntryPoint = "zbar_symbol_next")]
    public static partial nint SymbolNext(nint symbol);

    [LibraryImport(Library, EntryPoint = "zbar_symbol_get_data")]
    public static partial nint SymbolGetData(nint symbol);

    [LibraryImport(Library, EntryPoint = "zbar_symbol_get_data_length")]
    public static partial uint SymbolGetDataLength(nint symbol);
}
