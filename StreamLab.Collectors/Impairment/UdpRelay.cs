using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StreamLab.Core.RunEnvironment;

namespace StreamLab.Collectors.Impairment;

/// <summary>
/// UDP side of the relay: datagrams from each client address go out of a socket of their own to the
/// target, and the target's answers come back to that client; both directions are shaped (delay,
/// jitter, cap with a 200 ms tail-drop queue, random and burst loss).
/// </summary>
internal sealed class UdpRelay(NetworkConditions conditions, BurstSchedule bursts, int targetPort) : IAsyncDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly ConcurrentDictionary<EndPoint, Socket> _upstreams = new();
    private readonly List<Task> _tasks = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly LinkShaper _up = new(conditions, bursts, datagrams: true, seed: 3);
    private readonly LinkShaper _down = new(conditions, bursts, datagrams: true, seed: 4);
    private readonly DelayLine<Datagram> _upLine = new();
    private readonly DelayLine<Datagram> _downLine = new();
    private readonly IPEndPoint _target = new(IPAddress.Loopback, targetPort);

    public long UpBytes => Interlocked.Read(ref _up.Forwarded);
    public long DownBytes => Interlocked.Read(ref _down.Forwarded);
    public long Dropped => Interlocked.Read(ref _up.Dropped) + Interlocked.Read(ref _down.Dropped);

    public void Start(int listenPort)
    {
        _listener.ReceiveBufferSize = 4 * 1024 * 1024;
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, listenPort));
        var ct = _stop.Token;
        lock (_tasks)
        {
            // Task.Run: off any caller's SynchronizationContext (a test's would serialise the relay)
            _tasks.Add(Task.Run(() => ReceiveFromClientsAsync(ct)));
            _tasks.Add(_upLine.Start("relay-udp-up", Send, ct));
            _tasks.Add(_downLine.Start("relay-udp-down", Send, ct));
        }
    }

    private async Task ReceiveFromClientsAsync(CancellationToken ct)
    {
        var buffer = new byte[65536];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!ct.IsCancellationRequested)
        {
            SocketReceiveFromResult got;
            try
            {
                got = await _listener.ReceiveFromAsync(buffer, SocketFlags.None, any, ct);
            }
            catch (SocketException)
            {
                continue; // ICMP port unreachable from an earlier send: not fatal
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            var upstream = _upstreams.GetOrAdd(got.RemoteEndPoint, client => OpenUpstream(client, ct));
            Forward(_up, _upLine, buffer.AsSpan(0, got.ReceivedBytes), upstream, _target);
        }
    }

    private Socket OpenUpstream(EndPoint client, CancellationToken ct)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 4 * 1024 * 1024 };
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        lock (_tasks)
        {
            _tasks.Add(ReceiveFromTargetAsync(socket, client, ct));
        }
        return socket;
    }

    private async Task ReceiveFromTargetAsync(Socket upstream, EndPoint client, CancellationToken ct)
    {
        var buffer = new byte[65536];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var got = await upstream.ReceiveFromAsync(buffer, SocketFlags.None, any, ct);
                Forward(_down, _downLine, buffer.AsSpan(0, got.ReceivedBytes), _listener, client);
            }
            catch (SocketException)
            {
                await Task.Delay(10, ct).ContinueWith(_ => { }, TaskScheduler.Default);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
        }
    }

    /// <summary>Sends at once when nothing is due before it; otherwise queues it for its time.</summary>
    private static void Forward(LinkShaper shaper, DelayLine<Datagram> line, ReadOnlySpan<byte> datagram, Socket via, EndPoint to)
    {
        var now = Stopwatch.GetTimestamp();
        if (shaper.Admit(datagram.Length, now) is not { } due)
        {
            return;
        }
        if (due <= now && line.QueuedBytes == 0)
        {
            try { via.SendTo(datagram, to); } catch (SocketException) { } catch (ObjectDisposedException) { }
            return;
        }
        line.Enqueue(due, new Datagram(datagram.ToArray(), via, to), datagram.Length);
    }

    private static void Send(Datagram d)
    {
        try { d.Via.SendTo(d.Data, d.To); } catch (SocketException) { } catch (ObjectDisposedException) { }
    }

    private sealed record Datagram(byte[] Data, Socket Via, EndPoint To);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _upLine.Complete();
        _downLine.Complete();
        _listener.Dispose();
        foreach (var socket in _upstreams.Values)
        {
            socket.Dispose();
        }
        Task[] tasks;
        lock (_tasks)
        {
            tasks = [.. _tasks];
        }
        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
        _upLine.Dispose();
        _downLine.Dispose();
        _stop.Dispose();
    }
}
