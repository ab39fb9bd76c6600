using System.Diagnostics;
using System.Globalization;
using StreamLab.Collectors.Stacks.Ffmpeg;

namespace StreamLab.Collectors.Stamps;

/// <summary>
/// Frames through libx264 and back, as the live-ffmpeg stack's receiver gets them: raw grey frames
/// are encoded by one ffmpeg (the stack's encoder argv) to an H.264 file, and a second ffmpeg
/// decodes that to raw grey frames. For benchmarks and tests, not for the live path.
/// </summary>
public static class X264RoundTrip
{
    public static List<LumaFrame> Run(IReadOnlyList<LumaFrame> frames, int fps, X264Settings settings, string workDir)
    {
        var (width, height) = (frames[0].Width, frames[0].Height);
        var size = string.Create(CultureInfo.InvariantCulture, $"{width}x{height}");
        var raw = Path.Combine(workDir, "in.gray");
        var h264 = Path.Combine(workDir, "out.h264");
        using (var file = File.Create(raw))
        {
            foreach (var frame in frames)
            {
                file.Write(frame.Pixels);
            }
        }
        Ffmpeg(["-f", "rawvideo", "-pix_fmt", "gray", "-video_size", size, "-framerate", fps.ToString(CultureInfo.InvariantCulture), "-i", raw,
            .. settings.EncoderArgs(fps), "-f", "h264", h264]);
        var decoded = Path.Combine(workDir, "out.gray");
        Ffmpeg(["-i", h264, "-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", "gray", decoded]);
        var bytes = File.ReadAllBytes(decoded);
        var result = new List<LumaFrame>();
        for (var offset = 0; offset + (width * height) <= bytes.Length; offset += width * height)
        {
            var frame = new LumaFrame(width, height);
            bytes.AsSpan(offset, width * height).CopyTo(frame.Pixels);
            result.Add(frame);
        }
        return result;
    }

    private static void Ffmpeg(IReadOnlyList<string> args)
    {
        var info = new ProcessStartInfo(FfmpegProcess.Locate()) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])["-hide_banner", "-nostdin", "-loglevel", "error", "-y", .. args])
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException("ffmpeg did not start");
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg exited with {process.ExitCode}: {errors.Trim()}");
        }
    }
}
