using System.Diagnostics;
using StreamLab.Core.Raw;

namespace StreamLab.Core.Storage;

/// <summary>
/// Queues raw rows in memory and writes them on a background task, one transaction per batch.
/// The writer sleeps while nothing is queued; the first row wakes it, and it commits <see cref="MaxDelay"/> later, or
/// at once when <see cref="BatchRows"/> rows of a table are queued (or on a flush). Each transaction takes what is
/// queued, up to about <see cref="MaxBatchRows"/> rows per table: a trickle commits at most twice a second whatever its
/// rate, so recording costs per row rather than per unit of time; a backlog drains in large transactions.
/// </summary>
/// <remarks>
/// Add never blocks on I/O. A batch is committed or not at all, so a killed process leaves every
/// committed batch readable. A failed write is kept and thrown by <see cref="FlushAsync"/> and
/// <see cref="DisposeAsync"/>; rows are never dropped silently.
/// </remarks>
public sealed class BulkWriter : IRawWriter
{
    /// <summary>Default queued rows of one table that wake the writer before <see cref="MaxDelay"/>.</summary>
    public const int BatchRows = 5_000;

    /// <summary>
    /// Rows per table one transaction takes from a backlog. Every commit appends the table's and the
    /// index's right-hand pages to the WAL again, so a 5,000-row batch rewrote those pages 400 times per
    /// 2 M rows; at 50,000 that overhead is a tenth, and a batch still commits in well under a second.
    /// </summary>
    public const int MaxBatchRows = 50_000;

    /// <summary>
    /// How long queued rows wait for more before a commit: the most a kill can lose. At 50 ms a 30 fps record
    /// committed 20 times a second; the live views poll every second or more.
    /// </summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromMilliseconds(500);

    private readonly Func<IRawBatchTarget> _openTarget;
    private readonly int _maxBatchRows;
    private readonly RawQueue<FrameRow> _frames;
    private readonly RawQueue<SampleRow> _samples;
    private readonly RawQueue<EventRow> _events;
    // A kernel wait, not SemaphoreSlim: that spins before it sleeps, at every one of the writer's waits.
    private readonly AutoResetEvent _wake = new(false);
    private readonly List<FlushWaiter> _waiters = [];
    private readonly Task _loop;
    private int _urgent;
    private long _rowsWritten;
    private volatile bool _stopping;
    private Exception? _failure;

    /// <param name="connectionString">The StreamLab SQLite database.</param>
    /// <param name="batchRows">Queued rows of one table that wake the writer early; also the least a backlog batch takes.</param>
    public BulkWriter(string connectionString, int batchRows = BatchRows)
        : this(() => new SqliteBatchTarget(connectionString), batchRows)
    {
    }

    /// <param name="openTarget">Opens the database side (on the writer's own thread, which then owns it).</param>
    /// <param name="batchRows">Queued rows of one table that wake the writer early; also the least a backlog batch takes.</param>
    internal BulkWriter(Func<IRawBatchTarget> openTarget, int batchRows = BatchRows)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchRows);
        _openTarget = openTarget;
        _maxBatchRows = Math.Max(batchRows, MaxBatchRows);
        _frames = new RawQueue<FrameRow>(batchRows);
        _samples = new RawQueue<SampleRow>(batchRows);
        _events = new RawQueue<EventRow>(batchRows);
        _loop = Task.Factory.StartNew(Run, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    // Counted by the queues under their locks (no per-row interlocked counter here).
    public long RowsAdded => _frames.Reserved + _samples.Reserved + _events.Reserved;

    public long RowsWritten => Interlocked.Read(ref _rowsWritten);

    public void Add(in FrameRow row)
    {
        ThrowIfStopping();
        Arrived(_frames.Enqueue(row));
    }

    public void Add(in SampleRow row)
    {
        ThrowIfStopping();
        Arrived(_samples.Enqueue(row));
    }

    public void Add(in EventRow row)
    {
        ThrowIfStopping();
        Arrived(_events.Enqueue(row));
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
        Wake(urgent: true);
        return waiter.Done.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopping) { await _loop.ConfigureAwait(false); return; }
        _stopping = true;
        Wake(urgent: true);
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

    private void Arrived(Arrival arrival)
    {
        if (arrival != Arrival.Queued) Wake(urgent: arrival == Arrival.Backlog);
    }

    /// <param name="urgent">Write now (a backlog, a flush, the stop) rather than after <see cref="MaxDelay"/>.</param>
    private void Wake(bool urgent)
    {
        if (urgent) Volatile.Write(ref _urgent, 1);
        _wake.Set();
    }

    private int Queued => _frames.Queued + _samples.Queued + _events.Queued;

    /// <summary>Sleeps until rows are queued, then gives them <see cref="MaxDelay"/> to gather unless something is urgent.</summary>
    private void WaitForRows()
    {
        if (Queued == 0 && Volatile.Read(ref _urgent) == 0)
        {
            _wake.WaitOne(); // no timer while nothing happens
        }
        var deadline = Stopwatch.GetTimestamp() + (long)(MaxDelay.TotalSeconds * Stopwatch.Frequency);
        while (Volatile.Read(ref _urgent) == 0 && !_stopping)
        {
            var left = deadline - Stopwatch.GetTimestamp();
            if (left <= 0) return;
            _wake.WaitOne(TimeSpan.FromSeconds((double)left / Stopwatch.Frequency));
        }
    }

    private void Run()
    {
        try
        {
            using var target = _openTarget();
            var frames = new List<ArraySegment<FrameRow>>();
            var samples = new List<ArraySegment<SampleRow>>();
            var events = new List<ArraySegment<EventRow>>();
            while (true)
            {
                var stopping = _stopping;
                Volatile.Write(ref _urgent, 0);
                while (WriteBatch(target, frames, samples, events)) { }
                CompleteWaiters();
                if (stopping) return;
                WaitForRows();
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
    private bool WriteBatch(IRawBatchTarget target,
        List<ArraySegment<FrameRow>> frames, List<ArraySegment<SampleRow>> samples, List<ArraySegment<EventRow>> events)
    {
        // After a failed commit the taken rows are only in these chunks; the writer stops and
        // reports them as not written instead of retrying on a connection in an unknown state.
        var f = _frames.Take(frames, _maxBatchRows);
        var s = _samples.Take(samples, _maxBatchRows);
        var e = _events.Take(events, _maxBatchRows);
        if (f + s + e == 0) return false;
        target.Write(frames, samples, events);
        _frames.Committed(f);
        _samples.Committed(s);
        _events.Committed(e);
        _frames.Recycle(frames);
        _samples.Recycle(samples);
        _events.Recycle(events);
        Interlocked.Add(ref _rowsWritten, f + s + e);
        CompleteWaiters();
        target.Committed(f + s + e);
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
