using StreamLab.Collectors.Stacks.Ffmpeg;
using StreamLab.Collectors.Stamps;

namespace StreamLab.Tests.Collectors.Stamps;

public class NativeLibrariesTests
{
    [Fact]
    public void Probe_LibraryThatDoesNotLoad_IsOneLineNamingThePackage()
    {
        // What OpenCvSharp throws when libOpenCvSharpExtern.so or one of its GTK dependencies is missing.
        var missing = new TypeInitializationException("OpenCvSharp.Internal.NativeMethods",
            new DllNotFoundException("""
                Unable to load shared library 'OpenCvSharpExtern' or one of its dependencies. In order to help diagnose loading problems, consider using a tool like strace.
                /app/runtimes/linux-x64/native/OpenCvSharpExtern.so: cannot open shared object file: No such file or directory
                /app/runtimes/linux-x64/native/libOpenCvSharpExtern.so: libgtk-3.so.0: cannot open shared object file: No such file or directory
                /app/runtimes/linux-x64/native/OpenCvSharpExtern: cannot open shared object file: No such file or directory
                """));
        var error = Assert.Throws<ToolMissingException>(() => NativeLibraries.Probe(NativeLibraries.OpenCvPackage, () => throw missing));
        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains("OpenCvSharp4.official.runtime.linux-x64", error.Message, StringComparison.Ordinal);
        Assert.Contains("libgtk-3-0", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("libOpenCvSharpExtern.so: libgtk-3.so.0: cannot open shared object file: No such file or directory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EnsureLoaded_OnThisMachine_LoadsTurboJpegAndOpenCv()
    {
        NativeLibraries.EnsureLoaded(jpeg: true, quality: true);
    }
}
