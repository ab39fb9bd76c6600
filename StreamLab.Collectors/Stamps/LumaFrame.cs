using System.Globalization;

namespace StreamLab.Collectors.Stamps;

/// <summary>An 8-bit grey (luma) image, rows packed without padding.</summary>
public sealed class LumaFrame(int width, int height)
{
    public int Width { get; } = width;
    public int Height { get; } = height;
    public byte[] Pixels { get; } = new byte[width * height];

    /// <summary>Parses <c>WxH</c> or the shorthands <c>480p</c>, <c>720p</c>, <c>1080p</c> (16:9).</summary>
    public static (int Width, int Height) ParseResolution(string text)
    {
        switch (text)
        {
            case "480p": return (854, 480);
            case "720p": return (1280, 720);
            case "1080p": return (1920, 1080);
        }
        var parts = text.Split('x', 'X');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var w)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var h)
            && w is >= 64 and <= 7680 && h is >= 64 and <= 4320)
        {
            return (w, h);
        }
        throw new FormatException($"resolution '{text}' must be WxH (64..7680 × 64..4320) or 480p, 720p, 1080p");
    }
}
