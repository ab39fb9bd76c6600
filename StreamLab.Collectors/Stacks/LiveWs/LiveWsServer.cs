using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StreamLab.Collectors.Stamps;

namespace StreamLab.Collectors.Stacks.LiveWs;

/// <summary>
/// The live-ws server: a Kestrel WebSocket endpoint at <c>/stream</c> that renders stamped
/// synthetic frames on an absolute schedule (frame n is due at start + n/fps, so no drift), JPEG
/// encodes them and sends each as a binary message (<see cref="FrameHeader"/> + JPEG), or as
/// base64 JSON text when the client asks for <c>?mode=naive</c>. A frame whose slot passed while
/// the previous send was blocked is skipped at the source, which the client sees as loss.
/// For a smart client the send path is kept short so a slow link cannot hide frames in buffers:
/// a <see cref="SmartSocketSendBuffer"/> SO_SNDBUF, a <see cref="SmartResponseBuffer"/> Kestrel
/// response buffer, and a frame whose slot comes while the previous send is still pending a
/// frame interval later is skipped (<c>frames_skipped_total</c> in the optional samples file). Without that, behind a cap
/// fitting ~21 fps, the smart client got 20.7 fps at 1970 ms p50 latency: the socket buffers queued
/// seconds of frames. With 32 kB / 16 kB buffers the cap gave 216 ms p50, but on loopback a 78 kB 720p frame then
/// needed several wake-ups of both processes per send and a shared 2-core machine lost frames (27 fps, 10 ms p50);
/// 128 kB / 64 kB hold a whole frame: loopback 30 fps with none lost, the cap 20.8 fps at 312 ms p50 (naive 2118 ms).
/// </summary>
public sealed class LiveWsServer(LiveWsStream stream, string jpegQuality, TextWriter log, TextWriter? samples = null)
{
    public const int SmartSocketSendBuffer = 128 * 1024;
    public const int SmartResponseBuffer = 64 * 1024;
    private static readonly TimeSpan SampleEvery = TimeSpan.FromMilliseconds(200);
    private long _skipped;

    /// <summary>Frames not sent to a smart client because the previous send was still pending.</summary>
    public long FramesSkipped => Interlocked.Read(ref _skipped);

    public async Task RunAsync(int port, CancellationToken ct)
    {
        _ = new AdaptiveQuality(jpegQuality); // reject a bad setting before listening
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, port);
            k.Limits.MaxResponseBufferSize = SmartResponseBuffer; // SendAsync waits once 64 kB are unsent
        });
        var app = builder.Build();
        app.UseWebSockets();
        app.Map("/stream", async context =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }
            var naive = context.Request.Query["mode"] == "naive";
            if (!naive && context.Features.Get<IConnectionSocketFeature>()?.Socket is { } tcp)
            {
                tcp.SendBufferSize = SmartSocketSendBuffer;
            }
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            await log.WriteLineAsync($"client connected ({(naive ? "naive" : "smart")})");
            try
            {
                await StreamAsync(socket, naive, context.RequestAborted);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                await log.WriteLineAsync($"client gone: {e.Message}");
            }
        });
        await app.StartAsync(ct);
        await log.WriteLineAsync($"live-ws server listening on 127.0.0.1:{port}");
        var reporting = samples is null ? Task.CompletedTask : ReportAsync(samples, ct);
        await app.WaitForShutdownAsync(ct);
        await reporting.ContinueWith(_ => { }, TaskScheduler.Default);
        if (samples is not null)
        {
            WriteSample(samples);
        }
        await log.WriteLineAsync($"live-ws server: {FramesSkipped} frames skipped while a smart client's send was pending");
    }

    private async Task ReportAsync(TextWriter file, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(SampleEvery);
        while (await timer.WaitForNextTickAsync(ct))
        {
            WriteSample(file);
        }
    }

    private void WriteSample(TextWriter file)
    {
        lock (file)
        {
            file.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{WallClock.NowUs()}\tframes_skipped_total\t{FramesSkipped}"));
            file.Flush();
        }
    }

    private async Task StreamAsync(WebSocket socket, bool naive, CancellationToken ct)
    {
        var quality = new AdaptiveQuality(jpegQuality);
        var feedback = ReadFeedbackAsync(socket, quality, ct);
        var source = stream.CreateSource();
        var frame = new LumaFrame(stream.Width, stream.Height);
        using var stamps = new StampWriter();
        using var codec = new JpegCodec();
        var message = Array.Empty<byte>();
        var pending = Task.CompletedTask;
        var interval = Stopwatch.Frequency / (double)stream.Fps;
        var start = Stopwatch.GetTimestamp();
        for (long n = 0; !ct.IsCancellationRequested && socket.State == WebSocketState.Open; n++)
        {
            var due = start + (long)(n * interval);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, ct);
            }
            var late = Stopwatch.GetTimestamp() - due;
            if (late > interval)
            {
                n += (long)(late / interval); // slots that passed while a send was blocked: never captured
            }
            if (!naive && !pending.IsCompleted)
            {
                // One frame interval of grace (a busy client may be a little slow to read), then skip:
                // the link has not taken the last frame yet, so another would only wait in a buffer.
                await Task.WhenAny(pending, Task.Delay(TimeSpan.FromTicks((long)(interval * TimeSpan.TicksPerSecond / Stopwatch.Frequency)), ct));
                if (!pending.IsCompleted)
                {
                    Interlocked.Increment(ref _skipped);
                    continue;
                }
            }
            await pending; // surfaces a failed send
            var captureUs = WallClock.NowUs();
            source.Render(n, frame);
            stamps.Write(frame, source.Layout, new StampPayload(n, captureUs));
            var q = quality.Current;
            var encodeStart = Stopwatch.GetTimestamp();
            var jpeg = codec.Encode(frame, q);
            var encodeUs = (int)Stopwatch.GetElapsedTime(encodeStart).TotalMicroseconds;
            var header = new FrameHeader(n, captureUs, encodeUs, q, frame.Width, frame.Height, jpeg.Length);
            if (naive)
            {
                var json = JsonSerializer.SerializeToUtf8Bytes(new NaiveFrameMessage(n, captureUs, encodeUs, q, frame.Width, frame.Height,
                    Convert.ToBase64String(jpeg)));
                await socket.SendAsync(json, WebSocketMessageType.Text, true, ct);
                continue;
            }
            if (message.Length < FrameHeader.Size + jpeg.Length)
            {
                message = new byte[(FrameHeader.Size + jpeg.Length) * 2];
            }
            header.Write(message);
            jpeg.CopyTo(message.AsSpan(FrameHeader.Size));
            pending = socket.SendAsync(message.AsMemory(0, FrameHeader.Size + jpeg.Length), WebSocketMessageType.Binary, true, ct).AsTask();
        }
        await pending.ContinueWith(_ => { }, TaskScheduler.Default);
        await feedback.WaitAsync(TimeSpan.FromSeconds(1), CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    /// <summary>Reads the smart client's <c>depth N</c> text messages into the quality controller.</summary>
    private static async Task ReadFeedbackAsync(WebSocket socket, AdaptiveQuality quality, CancellationToken ct)
    {
        var buffer = new byte[256];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(buffer, ct);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }
                var text = Encoding.ASCII.GetString(buffer, 0, result.Count);
                if (text.StartsWith("depth ", StringComparison.Ordinal)
                    && int.TryParse(text.AsSpan(6), System.Globalization.CultureInfo.InvariantCulture, out var depth))
                {
                    quality.Report(depth);
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // The stream loop notices the closed socket itself.
        }
    }
}
