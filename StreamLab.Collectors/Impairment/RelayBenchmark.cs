using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using StreamLab.Collectors.Host;
using StreamLab.Core.RunEnvironment;
using StreamLab.Core.Statistics;

namespace StreamLab.Collectors.Impairment;

/// <summary>
/// The relay's own cost without impairment: round trips of small messages to a loopback echo
/// server, direct and through a transparent relay (TCP and UDP), p50 and p99 of each and the
/// difference. Goal: the relay adds under 0.2 ms p50.
/// </summary>
public static class RelayBenchmark
{
    public sealed record Result(string Protocol, int Pings, double DirectP50, double DirectP99, double RelayP50, double RelayP99)
    {
        public double AddedP50 => RelayP50 - DirectP50;
        public double AddedP99 => RelayP99 - DirectP99;
    }

    public static async Task<IReadOnlyList<Result>> RunAsync(int pings, CancellationToken ct)
    {
        var ports = new LoopbackPortAllocator();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var echoPort = ports.Allocate();
        var echo = Task.WhenAll(TcpEchoAsync(echoPort, stop.Token), UdpEchoAsync(echoPort, stop.Token));
        var relayPort = ports.Allocate();
        await using var relay = ImpairmentRelay.Start(new NetworkConditions { DelayMs = 0 }, relayPort, echoPort, (_, _, _) => { });
        try
        {
            var tcpDirect = await TcpRttsAsync(echoPort, pings, stop.Token);
            var tcpRelay = await TcpRttsAsync(relayPort, pings, stop.Token);
            var udpDirect = await UdpRttsAsync(echoPort, pings, stop.Token);
            var udpRelay = await UdpRttsAsync(relayPort, pings, stop.Token);
            return
            [
                new("tcp", pings, P(tcpDirect, 50), P(tcpDirect, 99), P(tcpRelay, 50), P(tcpRelay, 99)),
                new("udp", pings, P(udpDirect, 50), P(udpDirect, 99), P(udpRelay, 50), P(udpRelay, 99)),
            ];
        }
        finally
        {
            await stop.CancelAsync();
            await echo.ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    public static string Format(IReadOnlyList<Result> results)
    {
        var text = new StringBuilder();
        text.AppendLine("relay round trip, no impairment (ms)   direct p50/p99     relayed p50/p99    added p50/p99");
        foreach (var r in results)
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Protocol,-4} {r.Pings,6} pings                   {r.DirectP50,7:F3} {r.DirectP99,7:F3}    {r.RelayP50,7:F3} {r.RelayP99,7:F3}    {r.AddedP50,7:F3} {r.AddedP99,7:F3}  (goal p50 < 0.200: {(r.AddedP50 < 0.2 ? "met" : "MISSED")})"));
        }
        return text.ToString();
    }

    private static double P(List<double> values, double p) => Percentile.Of(values, p);

    private static async Task<List<double>> TcpRttsAsync(int port, int pings, CancellationToken ct)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), ct);
        var message = new byte[64];
        var reply = new byte[64];
        var rtts = new List<double>(pings);
        for (var i = -20; i < pings; i++) // 20 warm-up pings
        {
            var start = Stopwatch.GetTimestamp();
            await socket.SendAsync(message, ct);
            for (var got = 0; got < reply.Length;)
            {
                var n = await socket.ReceiveAsync(reply.AsMemory(got), ct);
                got += n > 0 ? n : throw new IOException("echo closed");
            }
            if (i >= 0)
            {
                rtts.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }
        return rtts;
    }

    private static async Task<List<double>> UdpRttsAsync(int port, int pings, CancellationToken ct)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Connect(new IPEndPoint(IPAddress.Loopback, port));
        var message = new byte[64];
        var reply = new byte[2048];
        var rtts = new List<double>(pings);
        for (var i = -20; i < pings; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await socket.SendAsync(message, ct);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(1));
            await socket.ReceiveAsync(reply, timeout.Token);
            if (i >= 0)
            {
                rtts.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }
        return rtts;
    }

    private static async Task TcpEchoAsync(int port, CancellationToken ct)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
        listener.Listen(8);
        var connections = new List<Task>();
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var client = await listener.AcceptAsync(ct);
                connections.Add(Task.Run(async () =>
                {
                    using var _ = client;
                    client.NoDelay = true;
                    var buffer = new byte[4096];
                    int n;
                    while ((n = await client.ReceiveAsync(buffer, ct)) > 0)
                    {
                        await client.SendAsync(buffer.AsMemory(0, n), ct);
                    }
                }, ct));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException)
        {
        }
        await Task.WhenAll(connections).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private static async Task UdpEchoAsync(int port, CancellationToken ct)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
        var buffer = new byte[65536];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var got = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, ct);
                await socket.SendToAsync(buffer.AsMemory(0, got.ReceivedBytes), SocketFlags.None, got.RemoteEndPoint, ct);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException)
        {
        }
    }
}
