using System.Globalization;
using System.Text;

namespace StreamLab.Collectors.Processes;

/// <summary>
/// The guard process (<c>streamlab guard</c>): reads which roles StreamLab runs from its standard input, a pipe whose
/// only writer is StreamLab. The kernel closes that pipe when StreamLab dies, however it dies (kill -9 included), and
/// the guard, reading end-of-file, kills every role still registered: each process carrying a role's marker in its
/// environment and each member of a role's process group. A StreamLab that stops normally has released its roles
/// first, so the guard then kills nothing.
/// </summary>
/// <remarks>
/// The protocol is one line per change: <c>watch MARKER</c> (before the role starts), <c>group MARKER PGID START</c>
/// (its process group, with the leader's start time in clock ticks since boot) and <c>release MARKER</c>.
/// </remarks>
public static class RoleGuardLoop
{
    public const string Verb = "guard";

    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(20);

    /// <summary>Serves until <paramref name="commands"/> ends, then kills what is left; returns how many processes it killed.</summary>
    public static int Run(TextReader commands)
    {
        var watched = new Dictionary<string, List<(int Pgid, long Start)>>(StringComparer.Ordinal);
        while (commands.ReadLine() is { } line)
        {
            var parts = line.Split(' ');
            switch (parts)
            {
                case ["watch", var marker]:
                    watched.TryAdd(marker, []);
                    break;
                case ["group", var marker, var pgid, var start]
                    when int.TryParse(pgid, CultureInfo.InvariantCulture, out var group) && long.TryParse(start, CultureInfo.InvariantCulture, out var ticks):
                    watched.TryAdd(marker, []);
                    watched[marker].Add((group, ticks));
                    break;
                case ["release", var marker]:
                    watched.Remove(marker);
                    break;
            }
        }
        return KillAll(watched);
    }

    private static int KillAll(Dictionary<string, List<(int Pgid, long Start)>> watched)
    {
        if (watched.Count == 0)
        {
            return 0;
        }
        var entries = watched.Keys.Select(m => Encoding.UTF8.GetBytes($"{RoleTree.MarkerVariable}={m}")).ToList();
        var table = ProcStat.ReadAll();
        // A group id whose leader pid now belongs to a younger process was recycled: that group is not a role's any more.
        var groups = watched.Values.SelectMany(g => g)
            .Where(g => !table.Any(p => p.Pid == g.Pgid && p.StartTime != g.Start))
            .ToList();
        foreach (var (pgid, _) in groups)
        {
            Libc.Kill(-pgid, Libc.SigKill); // the whole group at once, before the slower scan below
        }
        var killed = new HashSet<int>();
        // Rounds, because a role may fork while its relatives are being killed.
        for (var round = 0; round < 10; round++)
        {
            var victims = table
                .Where(p => p.Pid != Environment.ProcessId && !p.IsZombie)
                .Where(p => groups.Any(g => (p.Pgrp == g.Pgid || p.Session == g.Pgid) && p.StartTime >= g.Start) || CarriesMarker(p.Pid, entries))
                .ToList();
            if (victims.Count == 0)
            {
                break;
            }
            foreach (var victim in victims)
            {
                Libc.Kill(victim.Pid, Libc.SigKill);
                killed.Add(victim.Pid);
            }
            Thread.Sleep(Pause);
            table = ProcStat.ReadAll();
        }
        return killed.Count;
    }

    private static bool CarriesMarker(int pid, List<byte[]> entries)
    {
        byte[] environ;
        try
        {
            environ = File.ReadAllBytes($"/proc/{pid}/environ");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // gone, or not ours to read
        }
        foreach (var range in environ.AsSpan().Split((byte)0))
        {
            foreach (var wanted in entries)
            {
                if (environ.AsSpan(range).SequenceEqual(wanted))
                {
                    return true;
                }
            }
        }
        return false;
    }
}
