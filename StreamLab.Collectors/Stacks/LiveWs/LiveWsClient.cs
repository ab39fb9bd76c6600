using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace StreamLab.Collectors.Stacks.LiveWs;

/// <summary>How the client is built: the careful version or the first version.</summary>
public enum ClientMode { Smart, Naive }

/// <summary>
/// The live-ws client. Receive and decode run on separate loops joined by a queue.
/// <c>smart</c>: binary frames, a queue bounded to <c>queue_size</c> that drops the oldest frame
/// under pressure, and its depth sent back to the server (<c>depth N</c>) for adaptive quality.
/// <c>naive</c>: base64 JSON text frames, an unbounded queue, no dropping, no feedback.
/// Every 200 ms it appends <c>queue_depth</c>, <c>stamp_mismatch_total</c>, <c>queue_dropped_total</c>,
/// <c>stamp_fail_total</c>, <c>decode_fail_total</c> and <c>quality_skipped_total</c> to the samples
/// file (prom.tsv layout). A message that cannot be decoded is counted and skipped: it never stops the client.
/// </summary>
public sealed class LiveWsClient(LiveWsStream stream, ClientMode mode, int queueSize, TextWriter frames, TextWriter samples, TextWriter log,
    int qualityEvery = Quality.QualityMeter.DefaultEvery)
{
    private static readonly TimeSpan SampleEvery = TimeSpan.FromMilliseconds(200);
    private long _dropped;

    public async Task RunAsync(int port, CancellationToken ct)
    {
        using var socket = new ClientWebSocket();
        var uri = new Uri($"ws://127.0.0.1:{port}/stream?mode={(mode == ClientMode.Naive ? "naive" : "smart")}");
        await socket.ConnectAsync(uri, ct);
        await log.WriteLineAsync($"live-ws client connected to {uri} ({mode})");

        var queue = mode == ClientMode.Smart
            ? Channel.CreateBounded<byte[]>(new BoundedChannelOptions(queueSize) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = true },
                _ => Interlocked.Increment(ref _dropped))
            : Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleWriter = true }); // not SingleReader: that variant cannot Count
        using var inspector = new FrameInspector(stream, frames, qualityEvery);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var receive = Task.Run(() => ReceiveAsync(socket, queue.Writer, stop.Token), CancellationToken.None);
        var decode = Task.Run(() => DecodeAsync(queue.Reader, inspector, CancellationToken.None), CancellationToken.None);
        var report = Task.Run(() => ReportAsync(socket, queue.Reader, inspector, stop.Token), CancellationToken.None);
        try
        {
            await receive;
        }
        finally
        {
            await stop.CancelAsync();
            await decode;
            await report.ContinueWith(_ => { }, TaskScheduler.Default);
            WriteSamples(queue.Reader.Count, inspector);
        }
    }

    private async Task ReceiveAsync(ClientWebSocket socket, ChannelWriter<byte[]> queue, CancellationToken ct)
    {
        var buffer = new ArrayBufferWriter<byte>(1 << 20);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                buffer.ResetWrittenCount();
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer.GetMemory(64 * 1024), ct);
                    buffer.Advance(result.Count);
                }
                while (!result.EndOfMessage);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
                queue.TryWrite(buffer.WrittenSpan.ToArray()); // bounded: drops the oldest when full
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (WebSocketException e)
        {
            await log.WriteLineAsync($"connection lost: {e.Message}");
        }
        finally
        {
            queue.TryComplete();
        }
    }

    private async Task DecodeAsync(ChannelReader<byte[]> queue, FrameInspector inspector, CancellationToken ct)
    {
        try
        {
            await foreach (var message in queue.ReadAllAsync(ct))
            {
                if (mode == ClientMode.Smart)
                {
                    if (FrameHeader.TryParse(message, out var header))
                    {
                        inspector.Inspect(header, message.AsSpan(FrameHeader.Size));
                    }
                    else
                    {
                        inspector.CountUndecodable();
                    }
                    continue;
                }
                if (ParseNaive(message) is { } naive)
                {
                    inspector.Inspect(naive.Header, naive.Jpeg);
                }
                else
                {
                    inspector.CountUndecodable();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static (FrameHeader Header, byte[] Jpeg)? ParseNaive(byte[] message)
    {
        try
        {
            var frame = JsonSerializer.Deserialize<NaiveFrameMessage>(message);
            if (frame?.Jpeg is null)
            {
                return null;
            }
            var jpeg = Convert.FromBase64String(frame.Jpeg);
            return (new FrameHeader(frame.Id, frame.CaptureUs, frame.EncodeUs, frame.Quality, frame.Width, frame.Height, jpeg.Length), jpeg);
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            return null;
        }
    }

    private async Task ReportAsync(ClientWebSocket socket, ChannelReader<byte[]> queue, FrameInspector inspector, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(SampleEvery);
        while (await timer.WaitForNextTickAsync(ct))
        {
            var depth = queue.Count;
            inspector.WriteReady(); // rows waiting for their quality when no new frame comes
            WriteSamples(depth, inspector);
            if (mode == ClientMode.Smart && socket.State == WebSocketState.Open)
            {
                await socket.SendAsync(Encoding.ASCII.GetBytes($"depth {depth}"), WebSocketMessageType.Text, true, ct);
            }
        }
    }

    private void WriteSamples(int depth, FrameInspector inspector)
    {
        var now = WallClock.NowUs();
        lock (samples)
        {
            samples.WriteLine($"{now}\tqueue_depth\t{depth}");
            samples.WriteLine($"{now}\tstamp_mismatch_total\t{inspector.StampMismatches}");
            samples.WriteLine($"{now}\tqueue_dropped_total\t{Interlocked.Read(ref _dropped)}");
            samples.WriteLine($"{now}\tstamp_fail_total\t{inspector.StampFailures}");
            samples.WriteLine($"{now}\tdecode_fail_total\t{inspector.DecodeFailures}");
            samples.WriteLine($"{now}\tquality_skipped_total\t{inspector.QualitySkipped}");
            samples.Flush();
        }
    }
}
