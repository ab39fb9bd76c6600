using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace StreamLab.Collectors.Stacks.Vod;

/// <summary>How the player picks a node for each chunk.</summary>
public enum VodScheduler { Smart, Naive }

/// <summary>
/// The vod-chunks player: downloads chunks from the storage nodes into a <see cref="PlaybackBuffer"/>
/// that plays in real time, keeping at most <c>max_buffer_s</c> of video buffered or requested.
/// <c>naive</c>: one chunk at a time, round-robin (chunk i from node i mod N), a failed request is
/// retried on the same node every 500 ms, no timeout short of 30 s. <c>smart</c>: each chunk from the
/// best-scoring node (<see cref="NodeScoreboard"/>); a request that fails or outlives
/// max(chunk_s, buffer / 2) is retried on the next best node (<c>failover</c>); while the buffer is
/// below max(start_buffer_s, 2 × chunk_s) two chunks download at once from two nodes, and a chunk
/// that holds up playback is also asked of a faster idle node (<c>hedge</c>).
/// Every 100 ms it samples <c>buffer_s</c>, <c>throughput_mbps</c> (EWMA of finished chunks) and
/// <c>node_score{node}</c> (measured in both modes; only smart acts on it).
/// </summary>
public sealed partial class VodPlayer : IDisposable
{
    private static readonly TimeSpan NaiveRetry = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan NaiveTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan SampleEvery = TimeSpan.FromMilliseconds(100);

    private readonly Lock _lock = new();
    private readonly VodVideo _video;
    private readonly IReadOnlyList<int> _ports;
    private readonly VodScheduler _scheduler;
    private readonly double _startBufferS;
    private readonly double _maxBufferS;
    private readonly VodPlayerFiles _files;
    private readonly TimeProvider _time = TimeProvider.System;
    private readonly PlaybackBuffer _buffer;
    private readonly NodeScoreboard _scores;
    private readonly HttpClient _http = new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(2), UseProxy = false })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };
    private double _throughputMbps;

    public VodPlayer(VodVideo video, IReadOnlyList<int> ports, VodScheduler scheduler, double startBufferS, double maxBufferS, VodPlayerFiles files)
    {
        if (maxBufferS < Math.Max(startBufferS, video.ChunkS))
        {
            throw new FormatException($"max_buffer_s ({maxBufferS}) must be at least start_buffer_s ({startBufferS}) and chunk_s ({video.ChunkS})");
        }
        (_video, _ports, _scheduler, _startBufferS, _maxBufferS, _files) = (video, ports, scheduler, startBufferS, maxBufferS, files);
        _buffer = new PlaybackBuffer(video, startBufferS, files.Event);
        _scores = new NodeScoreboard(ports.Count, video.ChunkS);
    }

    public async Task RunAsync(CancellationToken ct)
    {
        using var stopSampling = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var sampler = Task.Run(() => SampleAsync(stopSampling.Token), CancellationToken.None);
        try
        {
            await ConnectAsync(ct);
            await (_scheduler == VodScheduler.Smart ? RunSmartAsync(ct) : RunNaiveAsync(ct));
            await sampler; // the video is over: keep sampling until stopped
        }
        finally
        {
            await stopSampling.CancelAsync(); // also when a scheduler fails, or the role would never exit
            await sampler.ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private async Task RunNaiveAsync(CancellationToken ct)
    {
        for (var index = 0; index < _video.ChunkCount; index++)
        {
            while (!HasRoom(index))
            {
                await Task.Delay(Tick, _time, ct);
            }
            var node = index % _ports.Count;
            while (true)
            {
                var fetch = await FetchAsync(node, index, NaiveTimeout, ct);
                if (Finish(index, node, fetch))
                {
                    break;
                }
                await Task.Delay(NaiveRetry, _time, ct);
            }
        }
    }

    // Room to request chunk `index`: it ends at most max_buffer_s ahead of the playhead. Counting from
    // the playhead, not from the buffer, bounds chunks that arrived out of order behind a slow one.
    private bool HasRoom(int index)
    {
        lock (_lock)
        {
            _buffer.Advance(Now());
            return (index + 1) * _video.ChunkS - _buffer.PositionS <= _maxBufferS + 1e-9;
        }
    }

    private bool Finish(int index, int node, ChunkFetch fetch)
    {
        lock (_lock)
        {
            var now = Now();
            if (fetch.Error is not null)
            {
                _scores.Failed(node, now);
                _files.Event(now, "chunk_error", $"chunk={index} node={Name(node)} reason={fetch.Error}");
                return false;
            }
            var mbps = fetch.Bytes * 8 / (fetch.TotalMs / 1000) / 1e6;
            _scores.Succeeded(node, mbps, fetch.FirstByteMs, now);
            if (_buffer.IsDone(index))
            {
                return true; // its hedge twin came first
            }
            _throughputMbps = _throughputMbps == 0 ? mbps : _throughputMbps + 0.3 * (mbps - _throughputMbps);
            _buffer.ChunkArrived(index, now);
            _files.Event(now, "chunk_done", string.Create(CultureInfo.InvariantCulture,
                $"chunk={index} node={Name(node)} ms={fetch.TotalMs:0.###} bytes={fetch.Bytes}"));
            return true;
        }
    }

    private async Task<ChunkFetch> FetchAsync(int node, int index, TimeSpan timeout, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await _http.GetAsync($"http://127.0.0.1:{_ports[node]}/chunk/{index}", HttpCompletionOption.ResponseHeadersRead, limit.Token);
            var firstByteMs = watch.Elapsed.TotalMilliseconds;
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return ChunkFetch.Failed($"http{(int)response.StatusCode}");
            }
            await using var body = await response.Content.ReadAsStreamAsync(limit.Token);
            var bytes = 0L;
            var chunk = new byte[64 * 1024];
            int read;
            while ((read = await body.ReadAsync(chunk, limit.Token)) > 0)
            {
                bytes += read;
            }
            return bytes == _video.ChunkBytes
                ? new ChunkFetch(bytes, watch.Elapsed.TotalMilliseconds, firstByteMs, null)
                : ChunkFetch.Failed("short");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return ChunkFetch.Failed("timeout");
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return ChunkFetch.Failed(e is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } ? "refused" : "reset");
        }
    }

    // Opens a connection to every node first (both modes), so no node's first chunk also pays for
    // connection setup and first-use code paths, which would make the smart player misjudge it.
    private async Task ConnectAsync(CancellationToken ct)
    {
        await Task.WhenAll(_ports.Select(async port =>
        {
            try
            {
                using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
                limit.CancelAfter(TimeSpan.FromSeconds(2));
                using var response = await _http.GetAsync($"http://127.0.0.1:{port}/health", limit.Token);
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
            {
                // a node that is down now is the scheduler's business, not the connection's
            }
        }));
    }

    private async Task SampleAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(SampleEvery, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                lock (_lock)
                {
                    var now = Now();
                    _buffer.Advance(now);
                    _files.Sample(now, "buffer_s", _buffer.BufferS);
                    _files.Sample(now, "throughput_mbps", _throughputMbps);
                    for (var n = 0; n < _ports.Count; n++)
                    {
                        _files.Sample(now, $"node_score{{node=\"{Name(n)}\"}}", _scores.Score(n, now));
                    }
                    _files.FlushSamples();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private long Now() => VodPlayerFiles.WallUs(_time);

    private static string Name(int node) => StreamLab.Core.Campaigns.NodeMix.NodeName(node);

    public void Dispose() => _http.Dispose();

    private sealed record ChunkFetch(long Bytes, double TotalMs, double FirstByteMs, string? Error)
    {
        public static ChunkFetch Failed(string error) => new(0, 0, 0, error);
    }
}
