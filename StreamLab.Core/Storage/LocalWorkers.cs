namespace StreamLab.Core.Storage;

/// <summary>
/// Whether a worker on this host is gone: its pid no longer runs a StreamLab. A worker on another host (another machine,
/// another pod) cannot be looked at; only its lease tells.
/// </summary>
internal static class LocalWorkers
{
    public static bool IsGone(string host, int pid)
    {
        if (!string.Equals(host, Environment.MachineName, StringComparison.Ordinal) || pid == Environment.ProcessId)
        {
            return false;
        }
        try
        {
            // A reused pid runs something else: its command line does not name StreamLab.
            var cmdline = File.ReadAllText($"/proc/{pid}/cmdline");
            var state = File.ReadAllText($"/proc/{pid}/stat");
            var zombie = state[(state.LastIndexOf(')') + 2)..].StartsWith('Z');
            return zombie || !cmdline.Contains("streamlab", StringComparison.OrdinalIgnoreCase);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return !Directory.Exists($"/proc/{pid}");
        }
    }
}
