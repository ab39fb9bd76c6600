using System.Text;
using System.Text.RegularExpressions;

namespace StreamLab.Collectors.Processes;

/// <summary>
/// Copies a role's stdout and stderr to their files line by line and keeps recent lines in memory:
/// the stderr tail for failure reasons, and a window of both streams for log readiness.
/// </summary>
internal sealed class RoleOutput
{
    private const int TailLines = 50;
    private const int HistoryLines = 4096;

    private readonly Lock _lock = new();
    private readonly Queue<string> _stderrTail = new();
    private readonly Queue<string> _history = new();
    private readonly List<(Regex Pattern, TaskCompletionSource Matched)> _watchers = [];

    /// <summary>Creates (or truncates) an output file other processes can read while it grows.</summary>
    public static StreamWriter CreateFile(string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }
        var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        return new StreamWriter(stream, new UTF8Encoding(false), 16 * 1024);
    }

    /// <summary>Copies <paramref name="reader"/> to <paramref name="output"/> until the pipe closes, then closes the file.</summary>
    public async Task PumpAsync(StreamReader reader, StreamWriter output, bool isStderr)
    {
        StreamWriter? file = output;
        while (true)
        {
            var next = reader.ReadLineAsync();
            if (!next.IsCompleted && file is not null)
            {
                // Flush whenever the role pauses, so the file is readable while it runs
                // without paying a flush per line during a burst.
                file = await TryAsync(file, f => f.FlushAsync());
            }
            string? line;
            try
            {
                line = await next;
            }
            catch (IOException)
            {
                break;
            }
            if (line is null)
            {
                break;
            }
            if (file is not null)
            {
                file = await TryAsync(file, f => f.WriteLineAsync(line));
            }
            OnLine(line, isStderr);
        }
        if (file is not null && await TryAsync(file, f => f.FlushAsync()) is { } flushed)
        {
            await flushed.DisposeAsync();
        }
    }

    public IReadOnlyList<string> StderrTail(int lines)
    {
        lock (_lock)
        {
            return [.. _stderrTail.Skip(Math.Max(0, _stderrTail.Count - lines))];
        }
    }

    /// <summary>Completes when a stdout or stderr line matches, including lines already seen.</summary>
    public Task WaitForLineAsync(Regex pattern, CancellationToken ct)
    {
        var matched = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (_history.Any(line => IsMatch(pattern, line)))
            {
                return Task.CompletedTask;
            }
            _watchers.Add((pattern, matched));
        }
        ct.Register(() =>
        {
            lock (_lock)
            {
                _watchers.RemoveAll(w => w.Matched == matched);
            }
            matched.TrySetCanceled(ct);
        });
        return matched.Task;
    }

    private void OnLine(string line, bool isStderr)
    {
        List<TaskCompletionSource>? matched = null;
        lock (_lock)
        {
            if (isStderr)
            {
                Append(_stderrTail, line, TailLines);
            }
            Append(_history, line, HistoryLines);
            for (var i = _watchers.Count - 1; i >= 0; i--)
            {
                if (IsMatch(_watchers[i].Pattern, line))
                {
                    (matched ??= []).Add(_watchers[i].Matched);
                    _watchers.RemoveAt(i);
                }
            }
        }
        matched?.ForEach(m => m.TrySetResult());
    }

    private static void Append(Queue<string> queue, string line, int capacity)
    {
        if (queue.Count == capacity)
        {
            queue.Dequeue();
        }
        queue.Enqueue(line);
    }

    private static bool IsMatch(Regex pattern, string line)
    {
        try
        {
            return pattern.IsMatch(line);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    // A write error (disk full) stops the copy to the file but never the draining of the pipe.
    private static async Task<StreamWriter?> TryAsync(StreamWriter file, Func<StreamWriter, Task> write)
    {
        try
        {
            await write(file);
            return file;
        }
        catch (IOException)
        {
            try
            {
                await file.DisposeAsync();
            }
            catch (IOException)
            {
                // the file is already broken; nothing more to save
            }
            return null;
        }
    }
}
