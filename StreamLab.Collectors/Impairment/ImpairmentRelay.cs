using System.Globalization;
using StreamLab.Core.RunEnvironment;

namespace StreamLab.Collectors.Impairment;

/// <summary>
/// StreamLab's own network impairment (the kernel here has no netem): a TCP and a UDP relay on one
/// 127.0.0.1 port, forwarding to the server's port under the record's <c>net_*</c> conditions,
/// with one burst schedule for both that writes <c>burst_on</c>/<c>burst_off</c> events.
/// </summary>
public sealed class ImpairmentRelay : IImpairmentRelay
{
    private readonly BurstSchedule _bursts;
    private readonly TcpRelay _tcp;
    private readonly UdpRelay _udp;

    private ImpairmentRelay(NetworkConditions conditions, int targetPort, EnvironmentEvent events)
    {
        _bursts = new BurstSchedule(conditions, events);
        _tcp = new TcpRelay(conditions, _bursts, targetPort);
        _udp = new UdpRelay(conditions, _bursts, targetPort);
    }

    /// <summary>Starts listening on <paramref name="listenPort"/> (TCP and UDP).</summary>
    public static ImpairmentRelay Start(NetworkConditions conditions, int listenPort, int targetPort, EnvironmentEvent events)
    {
        var relay = new ImpairmentRelay(conditions, targetPort, events);
        relay._tcp.Start(listenPort);
        relay._udp.Start(listenPort);
        return relay;
    }

    public string Statistics() => string.Create(CultureInfo.InvariantCulture,
        $"tcp_up_bytes={_tcp.UpBytes} tcp_down_bytes={_tcp.DownBytes} udp_up_bytes={_udp.UpBytes} udp_down_bytes={_udp.DownBytes} udp_dropped={_udp.Dropped}");

    public async ValueTask DisposeAsync()
    {
        await _tcp.DisposeAsync();
        await _udp.DisposeAsync();
        await _bursts.DisposeAsync();
    }
}

/// <summary>Starts <see cref="ImpairmentRelay"/>s for the runner.</summary>
public sealed class ImpairmentRelayFactory : IImpairmentRelayFactory
{
    public IImpairmentRelay Start(NetworkConditions conditions, int listenPort, int targetPort, EnvironmentEvent events) =>
        ImpairmentRelay.Start(conditions, listenPort, targetPort, events);
}
