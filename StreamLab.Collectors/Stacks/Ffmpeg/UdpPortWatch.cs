using System.Globalization;

namespace StreamLab.Collectors.Stacks.Ffmpeg;

/// <summary>Tells when some process has bound a UDP port on this machine (from /proc/net/udp), the receiver's readiness.</summary>
public static class UdpPortWatch
{
    public static bool IsBound(int port)
    {
        var hex = ":" + port.ToString("X4", CultureInfo.InvariantCulture) + " ";
        foreach (var table in new[] { "/proc/net/udp", "/proc/net/udp6" })
        {
            if (File.Exists(table) && File.ReadLines(table).Skip(1).Any(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries) is { Length: > 2 } f
                && (f[1] + " ").EndsWith(hex, StringComparison.Ordinal)))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Waits until the port is bound, or throws after <paramref name="timeout"/>.</summary>
    public static async Task WaitBoundAsync(int port, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!IsBound(port))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"ffmpeg (receiver) did not bind UDP port {port} within {timeout.TotalSeconds:F0} s");
            }
            await Task.Delay(20, ct);
        }
    }
}
