using System.Collections.Concurrent;
using System.Diagnostics;

namespace StreamLab.Collectors.Impairment;

/// <summary>
/// Delivers queued items in order, each at its Stopwatch time, from a thread of its own: a sleep
/// (nanosleep, ~0.1 ms late) then a short spin gives sub-millisecond accuracy, and a busy thread
/// pool cannot make it late (timer continuations on the pool were 1-2 ms late under tests).
/// </summary>
internal sealed class DelayLine<T> : IDisposable
{
    private readonly BlockingCollection<(long Due, T Item, int Bytes)> _queue = new();
    private long _queuedBytes;

    /// <summary>Bytes waiting for delivery.</summary>
    public long QueuedBytes => Interlocked.Read(ref _queuedBytes);

    public void Enqueue(long due, T item, int bytes)
    {
        Interlocked.Add(ref _queuedBytes, bytes);
        try
        {
            _queue.Add((due, item, bytes));
        }
        catch (InvalidOperationException)
        {
            // completed: the relay is stopping
        }
    }

    public void Complete() => _queue.CompleteAdding();

    /// <summary>Starts the delivering thread; the task ends after <see cref="Complete"/> (once drained) or cancellation.</summary>
    public Task Start(string name, Action<T> deliver, CancellationToken ct)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                foreach (var (due, item, bytes) in _queue.GetConsumingEnumerable(ct))
                {
                    DelayLine.WaitUntil(due, ct);
                    deliver(item);
                    Interlocked.Add(ref _queuedBytes, -bytes);
                }
                done.TrySetResult();
            }
            catch (Exception e)
            {
                done.TrySetException(e);
            }
        }) { IsBackground = true, Name = name };
        thread.Start();
        return done.Task;
    }

    public void Dispose() => _queue.Dispose();
}

/// <summary>Precise waits on the Stopwatch clock.</summary>
internal static class DelayLine
{
    /// <summary>Blocks until the Stopwatch reaches <paramref name="due"/>: sleeps, then spins the last ~0.3 ms.</summary>
    public static void WaitUntil(long due, CancellationToken ct)
    {
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var remainingMs = (due - Stopwatch.GetTimestamp()) * 1000.0 / Stopwatch.Frequency;
            if (remainingMs <= 0)
            {
                return;
            }
            if (remainingMs > 1)
            {
                Thread.Sleep(TimeSpan.FromMilliseconds(Math.Min(remainingMs - 0.3, 50))); // wake at least every 50 ms to see cancellation
            }
            else
            {
                Thread.SpinWait(50);
            }
        }
    }

    /// <summary>Waits until the Stopwatch reaches <paramref name="due"/> without holding a thread (ms accuracy is enough for burst events).</summary>
    public static async Task WaitUntilAsync(long due, CancellationToken ct)
    {
        var remaining = TimeSpan.FromSeconds((due - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency);
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining, ct);
        }
    }
}
