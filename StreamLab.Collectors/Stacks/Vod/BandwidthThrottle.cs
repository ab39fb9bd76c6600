namespace StreamLab.Collectors.Stacks.Vod;

/// <summary>
/// A node's link: every body write of every connection reserves its bytes on one shared schedule
/// (a token bucket with a 10 ms burst), so concurrent downloads from one node share its bandwidth.
/// </summary>
public sealed class BandwidthThrottle(double? megabitsPerSecond, TimeProvider? time = null)
{
    private static readonly TimeSpan Burst = TimeSpan.FromMilliseconds(10);
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly double? _bytesPerSecond = megabitsPerSecond * 1e6 / 8;
    private readonly Lock _lock = new();
    private long _nextFreeTicks;

    /// <summary>How many bytes to write at a time: about 10 ms of the link, within 4 KiB … the filler's largest slice.</summary>
    public int SliceBytes => _bytesPerSecond is { } rate ? (int)Math.Clamp(rate * Burst.TotalSeconds, 4096, VodVideo.MaxSlice) : VodVideo.MaxSlice;

    /// <summary>Waits until the link has sent what was reserved before, less one burst, then reserves <paramref name="bytes"/>.</summary>
    public async Task WaitAsync(int bytes, CancellationToken ct)
    {
        if (_bytesPerSecond is not { } rate)
        {
            return;
        }
        TimeSpan wait;
        lock (_lock)
        {
            var now = _time.GetTimestamp();
            var start = Math.Max(now, _nextFreeTicks);
            _nextFreeTicks = start + (long)(bytes / rate * _time.TimestampFrequency);
            wait = _time.GetElapsedTime(now, _nextFreeTicks) - Burst;
        }
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, _time, ct);
        }
    }
}
