using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
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
/// </summary>
public sealed class LiveWsServer(LiveWsStream stream, string jpegQuality, TextWriter log)
{
    public async Task RunAsync(int port, CancellationToken ct)
    {
        _ = new AdaptiveQuality(jpegQuality); // reject a bad setting before listening
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
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
        await app.WaitForShutdownAsync(ct);
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
            await socket.SendAsync(message.AsMemory(0, FrameHeader.Size + jpeg.Length), WebSocketMessageType.Binary, true, ct);
        }
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
