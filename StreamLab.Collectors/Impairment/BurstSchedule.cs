using System.Diagnostics;
using StreamLab.Core.RunEnvironment;

namespace StreamLab.Collectors.Impairment;

/// <summary>
/// When the relay's bursts happen: the k-th burst (k ≥ 1) covers [k·every, k·every + len) after the
/// relay started. Writes each one as <c>burst_on</c>/<c>burst_off</c> events at its scheduled time.
/// </summary>
internal sealed class BurstSchedule : IAsyncDisposable
{
    private readonly long _start = Stopwatch.GetTimestamp();
    private readonly long _startWallUs = (DateTimeOffset.UtcNow.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
    private readonly long _every;
    private readonly long _length;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _events;

    public BurstSchedule(NetworkConditions conditions, EnvironmentEvent events)
    {
        _every = conditions.HasBursts ? Ticks(conditions.BurstEveryS) : 0;
        _length = conditions.HasBursts ? Ticks(conditions.BurstLenS) : 0;
        _events = _every > 0 ? Task.Run(() => WriteEventsAsync(events, conditions, _stop.Token)) : Task.CompletedTask;
    }

    /// <summary>True when <paramref name="timestamp"/> (Stopwatch ticks) lies in a burst, with the burst's end.</summary>
    public bool InBurst(long timestamp, out long end)
    {
        end = 0;
        if (_every == 0)
        {
            return false;
        }
        var elapsed = timestamp - _start;
        if (elapsed < _every)
        {
            return false;
        }
        var phase = elapsed % _every;
        end = timestamp - phase + _length;
        return phase < _length;
    }

    /// <summary>Wall-clock µs of a Stopwatch timestamp.</summary>
    public long WallUs(long timestamp) => _startWallUs + (long)((timestamp - _start) * 1_000_000.0 / Stopwatch.Frequency);

    private async Task WriteEventsAsync(EnvironmentEvent events, NetworkConditions conditions, CancellationToken ct)
    {
        var detail = $"len_s={conditions.BurstLenS} loss_pct={conditions.BurstLossPct}";
        var on = false;
        try
        {
            for (long k = 1; ; k++)
            {
                var burstStart = _start + k * _every;
                await DelayLine.WaitUntilAsync(burstStart, ct);
                events(WallUs(burstStart), "burst_on", detail);
                on = true;
                await DelayLine.WaitUntilAsync(burstStart + _length, ct);
                events(WallUs(burstStart + _length), "burst_off", null);
                on = false;
            }
        }
        catch (OperationCanceledException)
        {
            if (on)
            {
                events(WallUs(Stopwatch.GetTimestamp()), "burst_off", "relay stopped");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _events;
        _stop.Dispose();
    }

    private static long Ticks(double seconds) => (long)(seconds * Stopwatch.Frequency);
}
