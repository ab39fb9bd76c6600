using System.Text;
using StreamLab.Core.Running;

namespace StreamLab.Collectors.Processes;

/// <summary>Kills processes left over from records of a StreamLab that died, found by their environment.</summary>
public sealed class StrayProcessReaper : IStrayProcessReaper
{
    public IReadOnlyList<int> KillStrays(string recordsDirectory)
    {
        var prefix = Encoding.UTF8.GetBytes($"{IStrayProcessReaper.RecordDirVariable}={Path.TrimEndingDirectorySeparator(recordsDirectory)}/");
        var killed = new List<int>();
        // Several rounds: a stray's parent may fork again while its siblings are being killed.
        for (var round = 0; round < 3; round++)
        {
            var found = Find(prefix);
            if (found.Count == 0)
            {
                break;
            }
            foreach (var pid in found)
            {
                Libc.Kill(pid, Libc.SigKill);
                killed.Add(pid);
            }
            Thread.Sleep(50);
        }
        return killed.Distinct().ToArray();
    }

    private static List<int> Find(byte[] prefix)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }
            try
            {
                if (HasEntry(File.ReadAllBytes(Path.Combine(dir, "environ")), prefix))
                {
                    found.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone, or not ours to read.
            }
        }
        return found;
    }

    private static bool HasEntry(ReadOnlySpan<byte> environ, ReadOnlySpan<byte> prefix)
    {
        foreach (var range in environ.Split((byte)0))
        {
            if (environ[range].StartsWith(prefix))
            {
                return true;
            }
        }
        return false;
    }
}
