using StreamLab.Core.Raw;

namespace StreamLab.Core.Storage;

/// <summary>
/// Queues raw rows in memory and writes them on a background task, in batches of up to
/// <see cref="BatchRows"/> rows per table or every <see cref="MaxDelay"/>, one transaction per batch.
/// </summary>
/// <remarks>
/// Add never blocks on I/O. A batch is committed or not at all, so a killed process leaves every
/// committed batch readable. A failed write is kept and thrown by <see cref="FlushAsync"/> and
/// <see cref="DisposeAsync"/>; rows are never dropped silently.
/// </remarks>
public sealed class BulkWriter : IRawWriter
{
    /// <summary>Default rows per table per transaction.</summary>
    public const int BatchRows = 5_000;
    public static readonly TimeSpan MaxDelay = TimeSpan.FromMilliseconds(50);

    private readonly string _connectionString;
    private readonly int _batchRows;
    private readonly RawQueue<FrameRow> _frames = new();
    private readonly RawQueue<SampleRow> _samples = new();
    private readonly RawQueue<EventRow> _events = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly List<FlushWaiter> _waiters = [];
    private readonly Task _loop;
    private int _wakePending;
    private long _rowsAdded;
    private long _rowsWritten;
    private volatile bool _stopping;
    private Exception? _failure;

    public BulkWriter(string connectionString, int batchRows = BatchRows)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchRows);
        _connectionString = connectionString;
        _batchRows = batchRows;
        _loop = Task.Factory.StartNew(Run, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    public long RowsAdded => Interlocked.Read(ref _rowsAdded);

    public long RowsWritten => Interlocked.Read(ref _rowsWritten);

    public void Add(in FrameRow row)
    {
        ThrowIfStopping();
        _frames.Enqueue(row);
        Added();
    }

    public void Add(in SampleRow row)
    {
        ThrowIfStopping();
        _samples.Enqueue(row);
        Added();
    }

    public void Add(in EventRow row)
    {
        ThrowIfStopping();
        _events.Enqueue(row);
        Added();
    }

    public Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var waiter = new FlushWaiter(_frames.Reserved, _samples.Reserved, _events.Reserved);
        lock (_waiters)
        {
            if (_failure is not null) return Task.FromException(Failed());
            if (waiter.IsSatisfied(this)) return Task.CompletedTask;
            // A row that raced with DisposeAsync can miss the final drain; fail rather than wait forever.
            if (_loop.IsCompleted) return Task.FromException(new ObjectDisposedException(nameof(BulkWriter)));
            _waiters.Add(waiter);
        }
        Wake();
        return waiter.Done.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopping) { await _loop.ConfigureAwait(false); return; }
        _stopping = true;
        Wake();
        await _loop.ConfigureAwait(false);
        lock (_waiters)
        {
            if (_failure is not null) throw Failed();
        }
    }

    private void ThrowIfStopping()
    {
        if (_stopping) throw new ObjectDisposedException(nameof(BulkWriter));
    }

    private void Added()
    {
        if (Interlocked.Increment(ref _rowsAdded) % _batchRows == 0) Wake();
    }

    private void Wake()
    {
        if (Interlocked.Exchange(ref _wakePending, 1) == 0) _wake.Release();
    }

    private void Run()
    {
        try
        {
            using var connection = SqliteSetup.Open(_connectionString);
            using var inserter = new RawRowInserter(connection);
            var frames = new FrameRow[_batchRows];
            var samples = new SampleRow[_batchRows];
            var events = new EventRow[_batchRows];
            while (true)
            {
                var stopping = _stopping;
                Volatile.Write(ref _wakePending, 0);
                while (WriteBatch(connection, inserter, frames, samples, events)) { }
                CompleteWaiters();
                if (stopping) return;
                _wake.Wait(MaxDelay);
            }
        }
        catch (Exception ex)
        {
            lock (_waiters)
            {
                _failure = ex;
                foreach (var waiter in _waiters) waiter.Done.TrySetException(Failed());
                _waiters.Clear();
            }
        }
    }

    /// <summary>Writes up to one batch per table in one transaction; false when the queues were empty.</summary>
    private bool WriteBatch(Microsoft.Data.Sqlite.SqliteConnection connection, RawRowInserter inserter,
        FrameRow[] frames, SampleRow[] samples, EventRow[] events)
    {
        // After a failed commit the taken rows are only in these buffers; the writer stops and
        // reports them as not written instead of retrying on a connection in an unknown state.
        var f = _frames.Take(frames);
        var s = _samples.Take(samples);
        var e = _events.Take(events);
        if (f + s + e == 0) return false;
        using (var tx = connection.BeginTransaction())
        {
            try
            {
                inserter.InsertFrames(frames.AsSpan(0, f));
                inserter.InsertSamples(samples.AsSpan(0, s));
                inserter.InsertEvents(events.AsSpan(0, e));
                tx.Commit();
            }
            catch
            {
                inserter.ForgetSeries();
                throw;
            }
        }
        _frames.Committed(f);
        _samples.Committed(s);
        _events.Committed(e);
        Interlocked.Add(ref _rowsWritten, f + s + e);
        if (f + s + e >= _batchRows) CompleteWaiters();
        return true;
    }

    private void CompleteWaiters()
    {
        lock (_waiters)
        {
            _waiters.RemoveAll(w =>
            {
                if (!w.IsSatisfied(this)) return false;
                w.Done.TrySetResult();
                return true;
            });
        }
    }

    private InvalidOperationException Failed() => new(
        $"The raw-row writer failed; {RowsAdded - RowsWritten} rows were not written.", _failure);

    private sealed class FlushWaiter(long frames, long samples, long events)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool IsSatisfied(BulkWriter w) =>
            w._frames.Written >= frames && w._samples.Written >= samples && w._events.Written >= events;
    }
}
