using System.Diagnostics;

namespace StreamLab.Tests.Collectors.Processes;

/// <summary>What a test can see of a process in /proc.</summary>
internal static class ProcFacts
{
    public static bool IsAlive(int pid) => Directory.Exists($"/proc/{pid}");

    /// <summary>Field values after the comm: [0]=state, [1]=ppid, [2]=pgrp, [3]=session.</summary>
    public static string[] StatFields(int pid)
    {
        var text = File.ReadAllText($"/proc/{pid}/stat");
        return text[(text.LastIndexOf(')') + 2)..].Split(' ');
    }

    /// <summary>The parent pid as /proc shows it, or null once the process is gone.</summary>
    public static string? ParentOf(int pid)
    {
        try { return StatFields(pid)[1]; }
        catch (IOException) { return null; }
    }

    public static string Comm(int pid) => File.ReadAllText($"/proc/{pid}/comm").Trim();

    public static async Task<T> EventuallyAsync<T>(Func<T> read, Func<T, bool> done, TimeSpan? limit = null)
    {
        var watch = Stopwatch.StartNew();
        var value = read();
        while (!done(value) && watch.Elapsed < (limit ?? TimeSpan.FromSeconds(5)))
        {
            await Task.Delay(50);
            value = read();
        }
        return value;
    }
}
