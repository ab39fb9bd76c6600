using Microsoft.Win32.SafeHandles;
using StreamLab.Core.Running;

namespace StreamLab.Collectors.Files;

/// <summary>
/// Tails a file a role writes: checked at each tick of the shared <see cref="FilePoller"/> (it may not exist yet), it
/// feeds what was appended to the file's <see cref="ILineFeed"/> (the parser an import reads the same file with), which
/// parses each complete line and holds a trailing half-written one until its newline arrives. When the roles have
/// stopped, a last line still without its newline was cut short: it is reported as a problem and skipped.
/// </summary>
public sealed class RecordFileFollower : IRecordFileFollower
{
    private readonly string _path;
    private readonly ILineFeed _feed;
    private readonly IReadOnlyList<string> _notes;
    private readonly SemaphoreSlim _reading = new(1, 1);
    private readonly FilePoller _poller;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private SafeFileHandle? _handle;
    private int _polling = 1;
    private long _position;
    private long _rowsRead;
    private bool _drained;

    /// <summary>Starts following <paramref name="path"/>; <paramref name="feed"/> parses its lines into the sink.</summary>
    internal RecordFileFollower(string path, ILineFeed feed, IReadOnlyList<string> notes, FilePoller poller)
    {
        _path = path;
        _feed = feed;
        _notes = notes;
        _poller = poller;
        poller.Add(this);
    }

    public long RowsRead => Interlocked.Read(ref _rowsRead);

    public IReadOnlyList<InputProblem> Problems => _feed.Problems.Problems;

    /// <summary>All problems, including those beyond the kept ones.</summary>
    public long ProblemCount => _feed.Problems.Count;

    /// <summary>Things worth knowing that are not problems, such as ignored columns.</summary>
    public IReadOnlyList<string> Notes => _notes;

    public async Task DrainAsync(CancellationToken ct = default)
    {
        StopPolling();
        await _reading.WaitAsync(ct);
        try
        {
            // The writer has stopped: a last line without its newline was cut short.
            ReadAvailable(final: true);
            if (_handle is null && !_drained)
            {
                _feed.Problems.Add(new InputProblem(_path, 0, null, "the file was never created"));
            }
            _drained = true;
        }
        finally
        {
            _reading.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        StopPolling();
        await _reading.WaitAsync(); // a tick reading now finishes before the handle goes
        _handle?.Dispose();
        _reading.Release();
    }

    private void StopPolling()
    {
        if (Interlocked.Exchange(ref _polling, 0) == 1)
        {
            _poller.Remove(this);
        }
    }

    /// <summary>One tick of the poller: reads what the file gained, unless a drain or another read is under way.</summary>
    internal void Poll()
    {
        if (Volatile.Read(ref _polling) == 0 || !_reading.Wait(0))
        {
            return;
        }
        try
        {
            if (Volatile.Read(ref _polling) == 1)
            {
                ReadAvailable(final: false);
            }
        }
        catch (IOException)
        {
            // a transient read error: the next tick tries again
        }
        finally
        {
            _reading.Release();
        }
    }

    private void ReadAvailable(bool final)
    {
        if (_handle is null && !TryOpen())
        {
            return;
        }
        var length = RandomAccess.GetLength(_handle!);
        if (length < _position)
        {
            _feed.Problems.Add(new InputProblem(_path, 0, null, $"the file shrank from {_position} to {length} bytes; reading on from its new end"));
            _position = length;
            _feed.Reset();
        }
        while (_position < length)
        {
            var read = RandomAccess.Read(_handle!, _buffer, _position);
            if (read == 0)
            {
                break;
            }
            _position += read;
            _feed.Push(_buffer.AsSpan(0, read));
            Interlocked.Exchange(ref _rowsRead, _feed.RowsRead);
        }
        if (final)
        {
            _feed.Finish();
            if (_feed.CutShort is { } cut)
            {
                _feed.Problems.Add(cut);
            }
        }
    }

    private bool TryOpen()
    {
        try
        {
            _handle = File.OpenHandle(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return true;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }
    }
}
