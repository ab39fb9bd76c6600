namespace StreamLab.Collectors;

/// <summary>
/// A background thread that runs an action every period until disposed, for pollers that tick while a record runs.
/// </summary>
/// <remarks>
/// A timer runs its callback on the thread pool, and a pool worker spins (sched_yield) for a while after each item
/// before it sleeps: at a few ticks a second that spin cost more than the ticks' work (perf of <c>streamlab run</c>).
/// This thread sleeps in the kernel between ticks and never spins.
/// </remarks>
internal sealed class PollingThread : IDisposable
{
    private readonly AutoResetEvent _stop = new(false);
    private readonly Thread _thread;
    private readonly TimeSpan _period;
    private readonly Action _tick;

    public PollingThread(string name, TimeSpan period, Action tick)
    {
        _period = period;
        _tick = tick;
        _thread = new Thread(Run) { IsBackground = true, Name = name };
        _thread.Start();
    }

    private void Run()
    {
        do
        {
            _tick();
        }
        while (!_stop.WaitOne(_period));
    }

    /// <summary>Stops after the tick under way, if any.</summary>
    public void Dispose()
    {
        _stop.Set();
        if (Thread.CurrentThread != _thread)
        {
            _thread.Join();
        }
        _stop.Dispose();
    }
}
