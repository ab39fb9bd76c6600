using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StreamLab.Core.Campaigns;

namespace StreamLab.Collectors.Stacks.Vod;

/// <summary>
/// The vod-chunks storage nodes: one Kestrel process with a listener per node, each serving every
/// chunk at <c>GET /chunk/{index}</c> under its own profile: the response starts after
/// <c>delay_ms</c>, the body goes through the node's <see cref="BandwidthThrottle"/>, and inside a
/// failure window (from the process start) a request gets 503 and a body in flight is cut off.
/// <c>GET /metrics</c> on any node's port reports every node's counters, labelled by node.
/// Conditions live in the node itself; an impairment relay in front of plain nodes could replace them.
/// </summary>
public sealed class VodNodeServer(IReadOnlyList<NodeProfile> profiles, VodVideo video, TextWriter log)
{
    private readonly Stopwatch _sinceStart = Stopwatch.StartNew();

    public async Task RunAsync(IReadOnlyList<int> ports, CancellationToken ct)
    {
        if (ports.Count < profiles.Count)
        {
            throw new FormatException($"{profiles.Count} nodes need {profiles.Count} ports, got {ports.Count}");
        }
        var nodes = profiles.Select((p, i) => new StorageNode(NodeMix.NodeName(i), p, ports[i])).ToArray();
        var byPort = nodes.ToDictionary(n => n.Port);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            foreach (var node in nodes)
            {
                k.Listen(IPAddress.Loopback, node.Port);
            }
        });
        var app = builder.Build();
        app.MapGet("/chunk/{index:int}", (HttpContext context, int index) => ServeChunkAsync(byPort[context.Connection.LocalPort], index, context));
        app.MapGet("/health", () => "ok"); // no delay, throttle or failure: the player only opens connections with it
        app.MapGet("/metrics", (HttpContext context) => WriteMetricsAsync(nodes, context));
        await app.StartAsync(ct);
        _sinceStart.Restart(); // failure windows count from when the nodes can first be reached
        await log.WriteLineAsync("vod nodes ready: " + string.Join(" ", nodes.Select(n => $"{n.Name}=127.0.0.1:{n.Port}({n.Profile.Name})")));
        await log.FlushAsync(ct);
        await app.WaitForShutdownAsync(ct);
    }

    private async Task ServeChunkAsync(StorageNode node, int index, HttpContext context)
    {
        Interlocked.Increment(ref node.Requests);
        var ct = context.RequestAborted;
        if (node.Profile.DelayMs > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(node.Profile.DelayMs), ct);
        }
        if (node.Profile.IsDownAt(_sinceStart.Elapsed))
        {
            Interlocked.Increment(ref node.Errors);
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }
        if (index < 0 || index >= video.ChunkCount)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        context.Response.ContentType = "application/octet-stream";
        context.Response.ContentLength = video.ChunkBytes;
        var slice = node.Throttle.SliceBytes;
        for (long sent = 0; sent < video.ChunkBytes;)
        {
            if (node.Profile.IsDownAt(_sinceStart.Elapsed))
            {
                Interlocked.Increment(ref node.Errors);
                context.Abort(); // the node died mid-transfer: the client sees the connection reset
                return;
            }
            var length = (int)Math.Min(slice, video.ChunkBytes - sent);
            await node.Throttle.WaitAsync(length, ct);
            await context.Response.Body.WriteAsync(VodVideo.Filler(index, sent, length), ct);
            sent += length;
            Interlocked.Add(ref node.Bytes, length);
        }
    }

    // Prometheus text format, e.g.
    //   vod_node_requests_total{node="n1",profile="fast"} 42
    private static async Task WriteMetricsAsync(StorageNode[] nodes, HttpContext context)
    {
        var text = new StringBuilder();
        Counter(text, "vod_node_requests_total", "Chunk requests received.", nodes, n => Interlocked.Read(ref n.Requests));
        Counter(text, "vod_node_bytes_total", "Chunk body bytes sent.", nodes, n => Interlocked.Read(ref n.Bytes));
        Counter(text, "vod_node_errors_total", "Requests answered 503 or cut off inside a failure window.", nodes, n => Interlocked.Read(ref n.Errors));
        context.Response.ContentType = "text/plain; version=0.0.4";
        await context.Response.WriteAsync(text.ToString(), context.RequestAborted);
    }

    private static void Counter(StringBuilder text, string name, string help, StorageNode[] nodes, Func<StorageNode, long> value)
    {
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
        text.Append("# TYPE ").Append(name).Append(" counter\n");
        foreach (var node in nodes)
        {
            text.Append(CultureInfo.InvariantCulture, $"{name}{{node=\"{node.Name}\",profile=\"{node.Profile.Name}\"}} {value(node)}\n");
        }
    }

    private sealed class StorageNode(string name, NodeProfile profile, int port)
    {
        public long Requests;
        public long Bytes;
        public long Errors;
        public string Name { get; } = name;
        public NodeProfile Profile { get; } = profile;
        public int Port { get; } = port;
        public BandwidthThrottle Throttle { get; } = new(profile.BandwidthMbps);
    }
}
