using System.Globalization;

namespace StreamLab.Collectors.Stacks.Vod;

/// <summary>The synthetic video both vod-chunks roles agree on: chunk duration, bitrate and length.</summary>
public sealed record VodVideo(double ChunkS, double BitrateMbps, double VideoS)
{
    private static readonly byte[] Pattern = Enumerable.Range(0, MaxSlice + 256).Select(i => (byte)i).ToArray();

    /// <summary>The largest slice <see cref="Filler"/> hands out.</summary>
    public const int MaxSlice = 256 * 1024;

    /// <summary>Bytes of every chunk: chunk_s × bitrate (Mbit/s = 10⁶ bit/s) / 8.</summary>
    public long ChunkBytes { get; } = (long)Math.Round(ChunkS * BitrateMbps * 1e6 / 8);

    public int ChunkCount { get; } = (int)Math.Ceiling(VideoS / ChunkS - 1e-9);

    /// <exception cref="FormatException">A value is not a positive number or the video has no chunk.</exception>
    public static VodVideo Parse(string chunkS, string bitrateMbps, string videoS)
    {
        var video = new VodVideo(Positive("chunk_s", chunkS), Positive("bitrate_mbps", bitrateMbps), Positive("video_s", videoS));
        return video.ChunkBytes >= 1 ? video : throw new FormatException("a chunk of chunk_s × bitrate_mbps must hold at least one byte");
    }

    /// <summary>Deterministic chunk content: byte k of chunk i is (i × 131 + k) mod 256.</summary>
    public static ReadOnlyMemory<byte> Filler(int index, long offset, int length) =>
        Pattern.AsMemory((int)((index * 131L + offset) & 0xFF), Math.Min(length, MaxSlice));

    public static double Positive(string name, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) && v > 0
            ? v
            : throw new FormatException($"{name} must be a number > 0, not '{text}'");
}
