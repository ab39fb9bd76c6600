using System.Diagnostics;
using System.Reflection;
using StreamLab.Core.Running;
using StreamLab.Core.Storage;

namespace StreamLab.Collectors.Host;

/// <summary>Describes this machine from /proc and the tools on PATH; computed once and cached.</summary>
public sealed class HostFingerprintProvider : IHostFingerprintProvider
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(2);
    private readonly Lazy<HostFingerprint> _fingerprint = new(Read);

    public HostFingerprint Get() => _fingerprint.Value;

    private static HostFingerprint Read()
    {
        var tools = new Dictionary<string, string>
        {
            ["dotnet"] = Environment.Version.ToString(),
            ["streamlab"] = typeof(HostFingerprintProvider).Assembly
                .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown",
        };
        if (FirstLineOf("ffmpeg", "-version") is { } ffmpeg)
        {
            tools["ffmpeg"] = ffmpeg;
        }
        return new HostFingerprint(
            Environment.MachineName,
            ReadTrimmed("/proc/sys/kernel/osrelease") ?? Environment.OSVersion.VersionString,
            CpuModel() ?? "unknown",
            Environment.ProcessorCount,
            MemTotalMb() ?? 0,
            tools);
    }

    /// <summary><c>model name	: AMD EPYC 7B13</c> from /proc/cpuinfo.</summary>
    private static string? CpuModel()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo")
                .Where(l => l.StartsWith("model name", StringComparison.Ordinal))
                .Select(l => l[(l.IndexOf(':') + 1)..].Trim())
                .FirstOrDefault();
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary><c>MemTotal:       24683640 kB</c> from /proc/meminfo.</summary>
    private static long? MemTotalMb()
    {
        try
        {
            var line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            return line is null ? null : Sampling.SystemUsageProbe.ParseKb(line) / 1024;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string? ReadTrimmed(string path)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The first output line of a tool found on PATH, or null if it is absent, fails or hangs.</summary>
    internal static string? FirstLineOf(string tool, params string[] args)
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, tool))
            .FirstOrDefault(File.Exists);
        if (path is null)
        {
            return null;
        }
        var psi = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }
        try
        {
            using var process = Process.Start(psi);
            if (process is null)
            {
                return null;
            }
            var firstLine = process.StandardOutput.ReadLineAsync();
            process.ErrorDataReceived += (_, _) => { }; // drained so a chatty tool never blocks
            process.BeginErrorReadLine();
            if (!firstLine.Wait(ToolTimeout) || !process.WaitForExit(ToolTimeout))
            {
                process.Kill(entireProcessTree: true);
                return firstLine.IsCompletedSuccessfully ? firstLine.Result?.Trim() : null;
            }
            return firstLine.Result?.Trim();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            return null;
        }
    }
}
