namespace StreamLab.Core.Storage;

/// <summary>
/// A many-producer, one-consumer FIFO of raw rows that counts what went in and what was written.
/// A flush waits until <see cref="Written"/> reaches the <see cref="Reserved"/> count it saw: the
/// count is raised under the same lock that queues the row, so every row whose Add returned is inside it.
/// </summary>
/// <remarks>
/// Rows go into fixed-size chunks. A producer holds the lock for one struct copy and a counter
/// increment; the consumer takes the lock once per batch and moves whole chunks out, so the two
/// threads do not trade a cache line per row (ConcurrentQueue did: an interlocked head/tail and a
/// sequence number per slot, plus Interlocked counters, and segments that grow onto the large-object heap).
/// Chunks come back through a small pool, so a steady stream allocates nothing.
/// </remarks>
internal sealed class RawQueue<T> where T : struct
{
    /// <summary>
    /// Rows per chunk: a multiple of <see cref="RawRowInserter.RowsPerStatement"/> so a chunk is written
    /// by multi-row statements only, and small enough (500 × 128 B frame rows) to stay off the large-object heap.
    /// </summary>
    public const int ChunkRows = RawRowInserter.RowsPerStatement * 10;

    /// <summary>Spare chunks kept for reuse (enough for a large batch in flight); more go to the GC.</summary>
    private const int PooledChunks = 128;

    private static readonly bool ClearOnRecycle = System.Runtime.CompilerServices.RuntimeHelpers.IsReferenceOrContainsReferences<T>();

    private readonly Lock _gate = new();
    private readonly Queue<T[]> _full = new();
    private readonly Stack<T[]> _pool = new();
    private readonly int _wakeAt;
    private T[] _tail = new T[ChunkRows];
    private int _tailCount;
    private int _queued;
    private long _reserved;
    private long _written;

    /// <param name="wakeAt">Queued rows at which <see cref="Enqueue"/> asks for the consumer to be woken.</param>
    public RawQueue(int wakeAt)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(wakeAt);
        _wakeAt = wakeAt;
    }

    public long Reserved
    {
        get { lock (_gate) return _reserved; }
    }

    public long Written => Interlocked.Read(ref _written);

    /// <summary>Queues a row; says whether it was the first of an empty queue or made the backlog reach the wake threshold.</summary>
    public Arrival Enqueue(in T row)
    {
        lock (_gate)
        {
            _tail[_tailCount] = row;
            if (++_tailCount == ChunkRows)
            {
                _full.Enqueue(_tail);
                _tail = _pool.TryPop(out var spare) ? spare : new T[ChunkRows];
                _tailCount = 0;
            }
            _reserved++;
            return ++_queued switch
            {
                var n when n == _wakeAt => Arrival.Backlog,
                1 => Arrival.First,
                _ => Arrival.Queued,
            };
        }
    }

    /// <summary>Rows queued and not yet taken.</summary>
    public int Queued
    {
        get { lock (_gate) return _queued; }
    }

    /// <summary>
    /// Moves whole chunks from the head into <paramref name="batch"/> until it holds at least
    /// <paramref name="maxRows"/> rows or the queue is empty (a partly filled tail chunk is taken last).
    /// </summary>
    /// <returns>The number of rows taken.</returns>
    public int Take(List<ArraySegment<T>> batch, int maxRows)
    {
        var taken = 0;
        lock (_gate)
        {
            while (taken < maxRows && _full.TryDequeue(out var chunk))
            {
                batch.Add(chunk);
                taken += ChunkRows;
            }
            if (taken < maxRows && _tailCount > 0)
            {
                batch.Add(new ArraySegment<T>(_tail, 0, _tailCount));
                taken += _tailCount;
                _tail = _pool.TryPop(out var spare) ? spare : new T[ChunkRows];
                _tailCount = 0;
            }
            _queued -= taken;
        }
        return taken;
    }

    /// <summary>Gives the chunks of a finished batch back for reuse and clears <paramref name="batch"/>.</summary>
    public void Recycle(List<ArraySegment<T>> batch)
    {
        if (batch.Count == 0) return;
        if (ClearOnRecycle)
        {
            // Drop string references now rather than when the chunk is next overwritten.
            foreach (var segment in batch) Array.Clear(segment.Array!, 0, segment.Count);
        }
        lock (_gate)
        {
            foreach (var segment in batch)
            {
                if (_pool.Count >= PooledChunks) break;
                _pool.Push(segment.Array!);
            }
        }
        batch.Clear();
    }

    /// <summary>Counts taken rows as written once their transaction committed.</summary>
    public void Committed(int count) => Interlocked.Add(ref _written, count);
}

/// <summary>What a queued row means to the writer: nothing new, rows to commit soon, or a backlog to write now.</summary>
internal enum Arrival { Queued, First, Backlog }
