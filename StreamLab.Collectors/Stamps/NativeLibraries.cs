using OpenCvSharp;
using StreamLab.Collectors.Stacks.Ffmpeg;

namespace StreamLab.Collectors.Stamps;

/// <summary>
/// Loads the native media libraries a role needs before it starts, so a missing one is one clear
/// line naming what to install instead of a type-initializer stack trace in the middle of a record.
/// </summary>
public static partial class NativeLibraries
{
    public const string OpenCvPackage = "libOpenCvSharpExtern.so (NuGet package OpenCvSharp4.official.runtime.linux-x64, which needs Debian's libgtk-3-0; run scripts/setup.sh)";
    public const string TurboJpegPackage = "libturbojpeg.so.0 (Debian package libturbojpeg0; run scripts/setup.sh)";

    /// <summary>Throws <see cref="ToolMissingException"/> naming the package when a library does not load.</summary>
    public static void EnsureLoaded(bool jpeg, bool quality)
    {
        if (jpeg)
        {
            Probe(TurboJpegPackage, () => TurboJpegNative.Destroy(TurboJpegNative.InitCompress()));
        }
        if (quality)
        {
            Probe(OpenCvPackage, () => Cv2.GetVersionString());
        }
    }

    internal static void Probe(string package, Action load)
    {
        try
        {
            load();
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or EntryPointNotFoundException or BadImageFormatException)
        {
            throw new ToolMissingException($"cannot load {package}: {Reason(e.GetBaseException().Message)}");
        }
    }

    /// <summary>
    /// .NET lists every path it tried, one a line; the line naming a missing dependency
    /// (<c>…/libOpenCvSharpExtern.so: libgtk-3.so.0: cannot open shared object file</c>) says the most, else the first.
    /// </summary>
    private static string Reason(string message)
    {
        var lines = message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var dependency = lines.FirstOrDefault(l => DependencyMissing().IsMatch(l));
        if (dependency is not null)
        {
            return dependency;
        }
        var first = lines.FirstOrDefault() ?? "unknown error";
        var cut = first.IndexOf(" In order to help", StringComparison.Ordinal);
        return cut > 0 ? first[..cut] : first;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\.so[^:]*: lib[^:]+\.so[^:]*: ")]
    private static partial System.Text.RegularExpressions.Regex DependencyMissing();
}
