using System.Buffers;
using System.Text;
using Microsoft.Win32.SafeHandles;
using StreamLab.Core.Running;

namespace StreamLab.Collectors.Files;

/// <summary>
/// Tails a file a role writes: polls it every 150 ms (it may not exist yet), hands each complete
/// line to the parser and leaves a trailing half-written line until its newline arrives.
/// </summary>
public sealed class RecordFileFollower : IRecordFileFollower
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(150);

    private readonly string _path;
    private readonly Func<string, bool> _consumeLine;
    private readonly InputProblemLog _problems;
    private readonly IReadOnlyList<string> _notes;
    private readonly SemaphoreSlim _reading = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly ArrayBufferWriter<byte> _partial = new();
    private readonly byte[] _buffer = new byte[64 * 1024];
    private readonly Task _polling;
    private SafeFileHandle? _handle;
    private long _position;
    private long _rowsRead;
    private bool _drained;

    /// <summary>Starts polling <paramref name="path"/>; <paramref name="consumeLine"/> parses one line into the sink and says whether it added a row.</summary>
    public RecordFileFollower(string path, Func<string, bool> consumeLine, InputProblemLog problems, IReadOnlyList<string> notes, TimeProvider? clock = null)
    {
        _path = path;
        _consumeLine = consumeLine;
        _problems = problems;
        _notes = notes;
        _polling = PollAsync(clock ?? TimeProvider.System, _stop.Token);
    }

    public long RowsRead => Interlocked.Read(ref _rowsRead);

    public IReadOnlyList<InputProblem> Problems => _problems.Problems;

    /// <summary>All problems, including those beyond the kept ones.</summary>
    public long ProblemCount => _problems.Count;

    /// <summary>Things worth knowing that are not problems, such as ignored columns.</summary>
    public IReadOnlyList<string> Notes => _notes;

    public async Task DrainAsync(CancellationToken ct = default)
    {
        await StopPollingAsync();
        await _reading.WaitAsync(ct);
        try
        {
            // The writer has stopped: a last line without its newline is complete as it is.
            ReadAvailable(final: true);
            if (_handle is null && !_drained)
            {
                _problems.Add(new InputProblem(_path, 0, null, "the file was never created"));
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
        await StopPollingAsync();
        _handle?.Dispose();
        _stop.Dispose();
    }

    private async Task StopPollingAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
        }
        await _polling;
    }

    private async Task PollAsync(TimeProvider clock, CancellationToken ct)
    {
        await Task.Yield();
        while (!ct.IsCancellationRequested)
        {
            await _reading.WaitAsync(CancellationToken.None);
            try
            {
                ReadAvailable(final: false);
            }
            catch (IOException)
            {
                // a transient read error: the next poll tries again
            }
            finally
            {
                _reading.Release();
            }
            try
            {
                await Task.Delay(PollInterval, clock, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
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
            _problems.Add(new InputProblem(_path, 0, null, $"the file shrank from {_position} to {length} bytes; reading on from its new end"));
            _position = length;
            _partial.Clear();
        }
        while (_position < length)
        {
            var read = RandomAccess.Read(_handle!, _buffer, _position);
            if (read == 0)
            {
                break;
            }
            _position += read;
            Split(_buffer.AsSpan(0, read));
        }
        if (final && _partial.WrittenCount > 0)
        {
            Consume(_partial.WrittenSpan);
            _partial.Clear();
        }
    }

    private void Split(ReadOnlySpan<byte> bytes)
    {
        int newline;
        while ((newline = bytes.IndexOf((byte)'\n')) >= 0)
        {
            if (_partial.WrittenCount > 0)
            {
                _partial.Write(bytes[..newline]);
                Consume(_partial.WrittenSpan);
                _partial.Clear();
            }
            else
            {
                Consume(bytes[..newline]);
            }
            bytes = bytes[(newline + 1)..];
        }
        _partial.Write(bytes);
    }

    private void Consume(ReadOnlySpan<byte> line)
    {
        if (_consumeLine(Encoding.UTF8.GetString(line)))
        {
            Interlocked.Increment(ref _rowsRead);
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
