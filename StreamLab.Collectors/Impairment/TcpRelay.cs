using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StreamLab.Core.RunEnvironment;

namespace StreamLab.Collectors.Impairment;

/// <summary>
/// TCP side of the relay: each accepted connection gets its own connection to the target and two
/// shaped directions. Without impairment it only copies (Nagle off both ways). With a bandwidth cap
/// it holds at most <see cref="LinkShaper.QueueLimitBytes"/> per direction and small socket
/// buffers, so back-pressure reaches the sender as it would behind a slow link.
/// </summary>
internal sealed class TcpRelay(NetworkConditions conditions, BurstSchedule bursts, int targetPort) : IAsyncDisposable
{
    private const int ChunkBytes = 16 * 1024;
    private const int CappedSocketBuffer = 64 * 1024;
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _connections = [];
    private readonly Lock _lock = new();
    private readonly LinkShaper _up = new(conditions, bursts, datagrams: false, seed: 1);
    private readonly LinkShaper _down = new(conditions, bursts, datagrams: false, seed: 2);
    private Task _accepting = Task.CompletedTask;

    public long UpBytes => Interlocked.Read(ref _up.Forwarded);
    public long DownBytes => Interlocked.Read(ref _down.Forwarded);

    public void Start(int listenPort)
    {
        _listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        if (conditions.BandwidthKbps > 0)
        {
            _listener.ReceiveBufferSize = CappedSocketBuffer; // accepted sockets inherit it
        }
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, listenPort));
        _listener.Listen(64);
        _accepting = Task.Run(() => AcceptAsync(_stop.Token)); // off any caller's SynchronizationContext
    }

    private async Task AcceptAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(ct);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            lock (_lock)
            {
                _connections.Add(ServeAsync(client, ct));
            }
        }
    }

    private async Task ServeAsync(Socket client, CancellationToken ct)
    {
        using var _ = client;
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        client.NoDelay = true;
        server.NoDelay = true;
        if (conditions.BandwidthKbps > 0)
        {
            server.ReceiveBufferSize = CappedSocketBuffer;
            server.SendBufferSize = CappedSocketBuffer;
            client.SendBufferSize = CappedSocketBuffer;
        }
        try
        {
            await server.ConnectAsync(new IPEndPoint(IPAddress.Loopback, targetPort), ct);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return; // the client sees its connection closed, as with a server that is not there
        }
        using var done = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var up = PumpAsync(client, server, _up, done.Token);
        var down = PumpAsync(server, client, _down, done.Token);
        await Task.WhenAny(up, down);
        await done.CancelAsync();
        await Task.WhenAll(up, down).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task PumpAsync(Socket from, Socket to, LinkShaper shaper, CancellationToken ct)
    {
        var buffer = new byte[ChunkBytes];
        try
        {
            if (conditions.IsTransparent)
            {
                int n;
                while ((n = await from.ReceiveAsync(buffer, ct)) > 0)
                {
                    await to.SendAsync(buffer.AsMemory(0, n), ct);
                    Interlocked.Add(ref shaper.Forwarded, n);
                }
                return;
            }
            using var line = new DelayLine<byte[]>();
            var delivering = line.Start("relay-tcp", data => to.Send(data), ct);
            var limit = shaper.QueueLimitBytes;
            int read;
            while ((read = await from.ReceiveAsync(buffer, ct)) > 0)
            {
                var due = shaper.Admit(read, Stopwatch.GetTimestamp())!.Value;
                line.Enqueue(due, buffer.AsSpan(0, read).ToArray(), read);
                while (line.QueuedBytes > limit && !delivering.IsCompleted)
                {
                    await Task.Delay(1, ct); // stop reading: the sender's socket fills and it blocks, as behind a slow link
                }
            }
            line.Complete();
            await delivering;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException or IOException)
        {
            // either side closed or the relay stops
        }
        finally
        {
            try { to.Shutdown(SocketShutdown.Send); } catch (SocketException) { } catch (ObjectDisposedException) { }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _accepting;
        Task[] connections;
        lock (_lock)
        {
            connections = [.. _connections];
        }
        await Task.WhenAll(connections).WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }
}
