using System.Net;
using System.Net.Sockets;

namespace StreamLab.Tests.Collectors.Impairment;

/// <summary>A TCP echo server, a UDP sink and free ports on 127.0.0.1 for relay tests.</summary>
internal static class LoopbackPeers
{
    public static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    /// <summary>Echoes every byte back on each accepted connection until cancelled.</summary>
    public static (int Port, Task Serving) TcpEcho(CancellationToken ct)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var serving = Task.Run(async () =>
        {
            using var registration = ct.Register(listener.Stop);
            while (!ct.IsCancellationRequested)
            {
                Socket socket;
                try { socket = await listener.AcceptSocketAsync(ct); }
                catch (Exception) { return; }
                socket.NoDelay = true;
                _ = Task.Run(async () =>
                {
                    using var s = socket;
                    var buffer = new byte[65536];
                    try
                    {
                        int n;
                        while ((n = await s.ReceiveAsync(buffer, ct)) > 0)
                        {
                            await s.SendAsync(buffer.AsMemory(0, n), ct);
                        }
                    }
                    catch (Exception) { }
                }, ct);
            }
        }, ct);
        return (port, serving);
    }

    public static async Task<Socket> ConnectAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        return socket;
    }

    /// <summary>Sends one byte and waits for the echo; returns the round trip in ms.</summary>
    public static async Task<double> PingAsync(Socket socket)
    {
        var buffer = new byte[1];
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        await socket.SendAsync(buffer);
        var n = await socket.ReceiveAsync(buffer);
        Assert.Equal(1, n);
        return System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }
}
