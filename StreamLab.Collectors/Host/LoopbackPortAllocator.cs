using System.Net;
using System.Net.Sockets;
using StreamLab.Core.Running;

namespace StreamLab.Collectors.Host;

/// <summary>
/// Hands out loopback ports free for both TCP and UDP (a role may use either), never the same
/// port twice in this process's life. The kernel may still give a handed-out port to someone
/// else's outgoing connection before the role binds it; that window is inherent to port 0.
/// </summary>
public sealed class LoopbackPortAllocator : IPortAllocator
{
    private const int MaxAttempts = 200;
    private readonly Lock _lock = new();
    private readonly HashSet<int> _handedOut = [];

    public int Allocate()
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var port = FreeTcpPort();
            lock (_lock)
            {
                if (!_handedOut.Contains(port) && IsUdpFree(port))
                {
                    _handedOut.Add(port);
                    return port;
                }
            }
        }
        throw new InvalidOperationException($"no free loopback port found in {MaxAttempts} attempts");
    }

    private static int FreeTcpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    private static bool IsUdpFree(int port)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
