using System.Diagnostics;

namespace StreamLab.Collectors.Stacks.Ffmpeg;

/// <summary>A tool the stack needs is not installed; the message names it and how to get it.</summary>
public sealed class ToolMissingException(string message) : Exception(message);

/// <summary>
/// One ffmpeg child process started from an argv (no shell), stdin and stdout piped, stderr lines
/// copied to the role's log. Disposing it ends it (stdin closed first so it can flush, then a kill
/// after a grace period) and always reaps it.
/// </summary>
public sealed class FfmpegProcess : IAsyncDisposable
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(3);
    private readonly Process _process;
    private readonly Task _stderr;
    private bool _stopped;
    private int _exitCode;

    private FfmpegProcess(Process process, TextWriter log, string label)
    {
        _process = process;
        _stderr = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync() is { } line)
            {
                lock (log)
                {
                    log.WriteLine($"{label}: {line}");
                    log.Flush();
                }
            }
        });
    }

    public Stream Input => _process.StandardInput.BaseStream;
    public Stream Output => _process.StandardOutput.BaseStream;
    public bool HasExited => _stopped || _process.HasExited;
    public int ExitCode => _stopped ? _exitCode : _process.ExitCode;

    /// <summary>The ffmpeg on PATH, or a <see cref="ToolMissingException"/> saying how to install it.</summary>
    public static string Locate(string? searchPath = null)
    {
        foreach (var dir in (searchPath ?? Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, "ffmpeg");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new ToolMissingException("ffmpeg was not found on PATH: the live-ffmpeg stack needs Debian's ffmpeg (apt-get install ffmpeg, or ./scripts/setup.sh)");
    }

    public static FfmpegProcess Start(IReadOnlyList<string> args, TextWriter log, string label)
    {
        var info = new ProcessStartInfo(Locate())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("ffmpeg did not start");
        return new FfmpegProcess(process, log, label);
    }

    public async ValueTask DisposeAsync() => await StopAsync(Grace);

    /// <summary>Closes stdin, waits up to <paramref name="grace"/> for the exit, then kills the tree; always reaps.</summary>
    public async Task<int> StopAsync(TimeSpan grace)
    {
        if (_stopped)
        {
            return _exitCode;
        }
        _stopped = true;
        try
        {
            _process.StandardInput.Close(); // an encoder reading stdin ends cleanly at EOF, flushing its vstats
        }
        catch (IOException)
        {
        }
        using var waiting = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(waiting.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }
        await _stderr.WaitAsync(Grace).ContinueWith(_ => { }, TaskScheduler.Default);
        _exitCode = _process.ExitCode;
        _process.Dispose();
        return _exitCode;
    }
}
