namespace StreamLab.Web.Dashboard;

/// <summary>
/// The dashboard's live store: anything that changes (queue, progress, records) calls <see cref="Publish"/>,
/// and subscribers hear about it at most once per <see cref="MinInterval"/>, so a burst of changes costs one render.
/// </summary>
public sealed class LiveUpdates(TimeProvider time) : IDisposable
{
    public static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(100);

    private readonly Lock _gate = new();
    private readonly List<Action> _subscribers = [];
    private ITimer? _pending;
    private long _lastFired = long.MinValue;

    /// <summary>Calls <paramref name="callback"/> (on a pool thread) after changes; dispose the result to stop.</summary>
    public IDisposable Subscribe(Action callback)
    {
        lock (_gate)
        {
            _subscribers.Add(callback);
        }
        return new Subscription(this, callback);
    }

    /// <summary>Says something changed; subscribers are told now, or at the end of the current throttle interval.</summary>
    public void Publish()
    {
        lock (_gate)
        {
            if (_pending is not null)
            {
                return;
            }
            var since = _lastFired == long.MinValue ? TimeSpan.MaxValue : time.GetElapsedTime(_lastFired);
            var wait = since >= MinInterval ? TimeSpan.Zero : MinInterval - since;
            _pending = time.CreateTimer(_ => Fire(), null, wait, Timeout.InfiniteTimeSpan);
        }
    }

    private void Fire()
    {
        Action[] targets;
        lock (_gate)
        {
            _pending?.Dispose();
            _pending = null;
            _lastFired = time.GetTimestamp();
            targets = [.. _subscribers];
        }
        foreach (var target in targets)
        {
            try
            {
                target();
            }
            catch (ObjectDisposedException)
            {
                // A component went away between its last render and its Dispose.
            }
        }
    }

    private void Unsubscribe(Action callback)
    {
        lock (_gate)
        {
            _subscribers.Remove(callback);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _pending?.Dispose();
            _pending = null;
            _subscribers.Clear();
        }
    }

    private sealed class Subscription(LiveUpdates owner, Action callback) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Unsubscribe(callback);
            }
        }
    }
}
