using System.Collections.Concurrent;

namespace StreamLab.Core.Storage;

/// <summary>
/// A many-producer, one-consumer FIFO of raw rows that counts what went in and what was written.
/// A flush waits until <see cref="Written"/> reaches the <see cref="Reserved"/> count it saw: the
/// count is taken before the row is queued, so every row whose Add returned is inside that count.
/// </summary>
internal sealed class RawQueue<T> where T : struct
{
    private readonly ConcurrentQueue<T> _queue = new();
    private long _reserved;
    private long _written;

    public long Reserved => Interlocked.Read(ref _reserved);

    public long Written => Interlocked.Read(ref _written);

    public void Enqueue(in T row)
    {
        Interlocked.Increment(ref _reserved);
        _queue.Enqueue(row);
    }

    /// <summary>Moves up to <c>buffer.Length</c> rows from the head into <paramref name="buffer"/>.</summary>
    public int Take(T[] buffer)
    {
        var n = 0;
        while (n < buffer.Length && _queue.TryDequeue(out buffer[n])) n++;
        return n;
    }

    /// <summary>Counts taken rows as written once their transaction committed.</summary>
    public void Committed(int count) => Interlocked.Add(ref _written, count);
}
