using System.Globalization;

namespace StreamLab.Collectors.Stacks.Ffmpeg;

/// <summary>
/// How the encoded stream travels: MPEG-TS over plain UDP, or over SRT (the receiver listens, the
/// sender calls). Either way the sender sends to <c>{port}</c>, which the runner points at the
/// impairment relay when a <c>net_*</c> parameter is set.
/// </summary>
public sealed record FfmpegTransport(string Name, int SrtLatencyMs)
{
    public static FfmpegTransport Parse(string name, int srtLatencyMs)
    {
        if (name is not ("udp" or "srt"))
        {
            throw new FormatException($"transport '{name}' must be udp or srt");
        }
        if (srtLatencyMs is < 0 or > 10_000)
        {
            throw new FormatException($"srt_latency_ms {srtLatencyMs} must be 0..10000");
        }
        return new FfmpegTransport(name, srtLatencyMs);
    }

    /// <summary>The sender's output URL (1316 = 7 TS packets, one datagram).</summary>
    public string SenderUrl(int port) => Name == "udp"
        ? Url($"udp://127.0.0.1:{port}?pkt_size=1316")
        : Url($"srt://127.0.0.1:{port}?mode=caller&pkt_size=1316&latency={SrtLatencyMs * 1000}");

    /// <summary>The receiver's input URL; a 4 MB socket buffer so an I-frame burst is not dropped by the kernel.</summary>
    public string ReceiverUrl(int port) => Name == "udp"
        ? Url($"udp://127.0.0.1:{port}?buffer_size=4194304&overrun_nonfatal=1")
        : Url($"srt://127.0.0.1:{port}?mode=listener&latency={SrtLatencyMs * 1000}");

    private static string Url(FormattableString url) => url.ToString(CultureInfo.InvariantCulture);
}
