using System.Diagnostics;

namespace StreamLab.Tests.TestSupport;

/// <summary>Debian's <c>promtool check metrics</c> (package prometheus): the exposition format's lint, from Prometheus itself.</summary>
public static class Promtool
{
    /// <summary>Its exit code and what it printed about <paramref name="exposition"/> (nothing when it passes).</summary>
    public static async Task<(int Code, string Output)> CheckMetricsAsync(string exposition)
    {
        var start = new ProcessStartInfo("promtool", ["check", "metrics"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(exposition);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }
}
