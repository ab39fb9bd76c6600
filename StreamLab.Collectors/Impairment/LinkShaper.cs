using System.Diagnostics;
using StreamLab.Core.RunEnvironment;

namespace StreamLab.Collectors.Impairment;

/// <summary>
/// One direction of an impaired link: decides for each chunk (TCP) or datagram (UDP) whether it is
/// dropped and when it is delivered. Model: a FIFO in front of a link of the capped rate
/// (token bucket of one chunk), then the propagation delay ± jitter; deliveries never reorder.
/// TCP cannot lose data, so a TCP burst is a throughput collapse: nothing departs until it ends.
/// </summary>
internal sealed class LinkShaper(NetworkConditions conditions, BurstSchedule bursts, bool datagrams, int seed)
{
    /// <summary>A datagram queued longer than this before the link is tail-dropped (a router queue).</summary>
    private static readonly long MaxQueueTicks = Stopwatch.Frequency / 5;
    private readonly Lock _lock = new();
    private readonly Random _random = new(seed);
    private readonly double _ticksPerBit = conditions.BandwidthKbps > 0 ? Stopwatch.Frequency / (conditions.BandwidthKbps * 1000) : 0;
    private readonly long _delay = (long)(conditions.DelayMs * Stopwatch.Frequency / 1000);
    private readonly long _jitter = (long)(conditions.JitterMs * Stopwatch.Frequency / 1000);
    private long _lastDeparture;
    private long _lastDelivery;

    public long Forwarded;
    public long Dropped;

    /// <summary>Bytes a TCP direction may hold before it stops reading: the capped rate over delay + 100 ms, at least 64 kB.</summary>
    public long QueueLimitBytes => conditions.BandwidthKbps > 0
        ? Math.Max(64 * 1024, (long)(conditions.BandwidthKbps * 125 * (conditions.DelayMs + conditions.JitterMs + 100) / 1000))
        : 4 * 1024 * 1024;

    /// <summary>The Stopwatch time to deliver <paramref name="bytes"/> arriving at <paramref name="now"/>, or null to drop them.</summary>
    public long? Admit(int bytes, long now)
    {
        lock (_lock)
        {
            if (datagrams)
            {
                if (bursts.InBurst(now, out _) && _random.NextDouble() * 100 < conditions.BurstLossPct
                    || conditions.LossPct > 0 && _random.NextDouble() * 100 < conditions.LossPct)
                {
                    Dropped++;
                    return null;
                }
            }
            var departure = now;
            if (_ticksPerBit > 0)
            {
                var start = Math.Max(now, _lastDeparture);
                if (datagrams && start - now > MaxQueueTicks)
                {
                    Dropped++;
                    return null;
                }
                departure = start + (long)(bytes * 8 * _ticksPerBit);
                _lastDeparture = departure;
            }
            if (!datagrams && bursts.InBurst(departure, out var burstEnd))
            {
                departure = burstEnd;
                _lastDeparture = Math.Max(_lastDeparture, burstEnd);
            }
            var delivery = departure + _delay;
            if (_jitter > 0)
            {
                delivery += (long)((_random.NextDouble() * 2 - 1) * _jitter);
            }
            delivery = Math.Max(delivery, Math.Max(now, _lastDelivery));
            _lastDelivery = delivery;
            Forwarded += bytes;
            return delivery;
        }
    }
}
