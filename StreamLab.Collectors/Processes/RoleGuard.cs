using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using StreamLab.Core.Running;

namespace StreamLab.Collectors.Processes;

/// <summary>
/// StreamLab's side of the role guard (<see cref="RoleGuardLoop"/>): one guard process per StreamLab process,
/// started with the first role, in a session of its own so no terminal signal or group kill aimed at StreamLab
/// reaches it. StreamLab holds the only write end of the guard's standard input (.NET opens its pipe ends
/// close-on-exec, so roles never inherit it) and tells it each role it starts and stops. When StreamLab dies the
/// kernel closes the pipe and the guard kills whatever roles were still registered, within milliseconds.
/// </summary>
internal static class RoleGuard
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, List<string>> Registered = new(StringComparer.Ordinal);
    private static Process? _guard;

    /// <summary>Registers a role about to start (by its marker), so it is killed even if StreamLab dies during the start.</summary>
    public static void Watch(string role, string marker) => Send(role, marker, $"watch {marker}");

    /// <summary>Registers the started role's process group (its leader's pid and start time).</summary>
    public static void WatchGroup(string role, string marker, int pgid, long startTime)
    {
        try
        {
            Send(role, marker, string.Create(CultureInfo.InvariantCulture, $"group {marker} {pgid} {startTime}"));
        }
        catch (RoleFailedException)
        {
            // The role already runs and its marker is registered; the group is the guard's second way to find it.
        }
    }

    /// <summary>The role is stopped and reaped: nothing of it is left to kill.</summary>
    public static void Release(string marker)
    {
        lock (Gate)
        {
            if (Registered.Remove(marker) && _guard is { HasExited: false })
            {
                TryWrite(_guard, $"release {marker}");
            }
        }
    }

    /// <summary>The guard's pid, for tests; null before the first role.</summary>
    internal static int? GuardPid
    {
        get
        {
            lock (Gate)
            {
                return _guard is { HasExited: false } ? _guard.Id : null;
            }
        }
    }

    private static void Send(string role, string marker, string line)
    {
        lock (Gate)
        {
            if (!Registered.TryGetValue(marker, out var lines))
            {
                Registered[marker] = lines = [];
            }
            lines.Add(line);
            if (_guard is { HasExited: false } guard && TryWrite(guard, line))
            {
                return;
            }
            // No guard yet, or it died: a new one learns every role still registered.
            _guard?.Dispose();
            _guard = Start(role);
            foreach (var registered in Registered.Values.SelectMany(l => l))
            {
                if (!TryWrite(_guard, registered))
                {
                    throw new RoleFailedException(role, "cannot start: the role guard exited at once, so the role could outlive StreamLab");
                }
            }
        }
    }

    private static Process Start(string role)
    {
        var setsid = RoleLauncher.Setsid ?? throw new RoleFailedException(role, "cannot start: setsid (util-linux) is not installed");
        var psi = new ProcessStartInfo(setsid)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.ArgumentList.Add("--");
        foreach (var arg in SelfCommand.Prefix)
        {
            psi.ArgumentList.Add(arg);
        }
        psi.ArgumentList.Add(RoleGuardLoop.Verb);
        // The guard is no role: it must not carry a role's marker or record folder, or it would count as one.
        psi.Environment.Remove(RoleTree.MarkerVariable);
        psi.Environment.Remove(IStrayProcessReaper.RecordDirVariable);
        var process = new Process { StartInfo = psi };
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException)
        {
            process.Dispose();
            throw new RoleFailedException(role, $"cannot start the role guard ({string.Join(' ', SelfCommand.Prefix)} {RoleGuardLoop.Verb}): {e.Message}");
        }
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.AutoFlush = true;
        return process;
    }

    private static bool TryWrite(Process guard, string line)
    {
        try
        {
            guard.StandardInput.WriteLine(line);
            return true;
        }
        catch (IOException)
        {
            return false; // the guard is gone (EPIPE)
        }
    }
}
