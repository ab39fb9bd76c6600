using Microsoft.Win32.SafeHandles;

namespace StreamLab.Collectors.Processes;

/// <summary>
/// The processes role trees are looked for in while roles run: the descendants of the roles' roots and of
/// StreamLab's main thread, found through <c>/proc/&lt;pid&gt;/task/&lt;tid&gt;/children</c>.
/// </summary>
/// <remarks>
/// Every process of a role is one of them: it descends from its role's root, or it was orphaned and reparented to
/// StreamLab (the subreaper; the kernel hands orphans to the reaper's first live thread, the main thread), double
/// fork and setsid included. Reading every <c>/proc/*/stat</c> of the machine four times a second, plus once per role
/// and sample, was the largest share of StreamLab's CPU while recording (~100 processes here; a machine running
/// builds has several hundred); the roles' own trees are a few small files whatever else runs. Without the
/// subreaper or the children files (a kernel without CONFIG_PROC_CHILDREN) it reads all of /proc, as stopping a role
/// always does: that is rare, and nothing may escape it.
/// </remarks>
internal static class ProcessTable
{
    private static readonly int Self = Environment.ProcessId;
    private static readonly bool HasChildrenFiles = File.Exists($"/proc/{Self}/task/{Self}/children");

    /// <summary>The roots with their descendants, and the descendants of StreamLab's main thread.</summary>
    public static IReadOnlyList<ProcStat> Read(IEnumerable<int> roots)
    {
        if (!RoleLauncher.IsSubreaper || !HasChildrenFiles)
        {
            return ProcStat.ReadAll();
        }
        var found = new Dictionary<int, ProcStat>();
        var pending = new Stack<int>(roots);
        Span<byte> buffer = stackalloc byte[4096];
        PushChildren($"/proc/{Self}/task/{Self}/children", pending, buffer);
        while (pending.TryPop(out var pid))
        {
            if (!found.ContainsKey(pid) && ProcStat.Read(pid) is { } stat)
            {
                found[pid] = stat;
                PushChildrenOfEveryThread(pid, pending, buffer);
            }
        }
        return [.. found.Values];
    }

    // A child belongs to the thread that forked it (children move to another thread when that one ends), so every
    // thread's list is read. "children" holds pids separated by spaces: "4242 4250 ".
    private static void PushChildrenOfEveryThread(int pid, Stack<int> pending, Span<byte> buffer)
    {
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                PushChildren(task + "/children", pending, buffer);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // the process ended while being read: whatever it had is gone with it or reparented to StreamLab
        }
    }

    private static void PushChildren(string path, Stack<int> pending, Span<byte> buffer)
    {
        var length = Read(path, buffer);
        if (length == buffer.Length)
        {
            length = buffer.LastIndexOf((byte)' ') + 1; // a pid cut off at the end of the buffer is not a pid
        }
        foreach (var range in buffer[..length].Split((byte)' '))
        {
            if (int.TryParse(buffer[range], out var child))
            {
                pending.Push(child);
            }
        }
    }

    private static int Read(string path, Span<byte> buffer)
    {
        try
        {
            using SafeFileHandle handle = File.OpenHandle(path);
            var total = 0;
            int read;
            while (total < buffer.Length && (read = RandomAccess.Read(handle, buffer[total..], total)) > 0)
            {
                total += read;
            }
            return total;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
