namespace StreamLab.Collectors.Stamps;

/// <summary>The kinds of synthetic picture: still, desktop-like scrolling, or fresh noise every frame.</summary>
public enum SyntheticContent { Static, Scroll, Noise }

/// <summary>
/// Deterministic synthetic luma frames: the same (frame id, seed, size, content) always gives the
/// same pixels, so a receiver can rebuild the reference of any frame it got and measure quality.
/// <c>static</c> and <c>scroll</c> show a desktop-like page (windows, lines of "text") that
/// <c>scroll</c> moves up by height/90 px a frame; <c>noise</c> is uniform noise, new each frame.
/// </summary>
public sealed class SyntheticSource
{
    private readonly byte[] _page;
    private readonly int _pageHeight;

    public SyntheticSource(int width, int height, SyntheticContent content, int seed)
    {
        Width = width;
        Height = height;
        Content = content;
        Seed = seed;
        Layout = StampLayout.For(width, height);
        _pageHeight = height * 3;
        _page = content == SyntheticContent.Noise ? [] : DrawPage(width, _pageHeight, seed);
    }

    public int Width { get; }
    public int Height { get; }
    public SyntheticContent Content { get; }
    public int Seed { get; }
    public StampLayout Layout { get; }

    public static SyntheticContent ParseContent(string text) => text switch
    {
        "static" => SyntheticContent.Static,
        "scroll" => SyntheticContent.Scroll,
        "noise" => SyntheticContent.Noise,
        _ => throw new FormatException($"content '{text}' must be static, scroll or noise"),
    };

    /// <summary>Fills <paramref name="frame"/> with the picture of <paramref name="frameId"/> (no stamp).</summary>
    public void Render(long frameId, LumaFrame frame)
    {
        if (Content == SyntheticContent.Noise)
        {
            FillNoise(frame.Pixels, (ulong)frameId, (ulong)(uint)Seed);
            return;
        }
        var offset = Content == SyntheticContent.Scroll ? (int)(frameId * Math.Max(1, Height / 90) % _pageHeight) : 0;
        for (var row = 0; row < Height; row++)
        {
            var source = (row + offset) % _pageHeight;
            _page.AsSpan(source * Width, Width).CopyTo(frame.Pixels.AsSpan(row * Width, Width));
        }
    }

    private static void FillNoise(byte[] pixels, ulong frameId, ulong seed)
    {
        // splitmix64 of (seed, id) seeds an xorshift64 that writes 8 pixels per step.
        var state = (seed * 0x9E3779B97F4A7C15UL) ^ (frameId + 0xD1B54A32D192ED03UL);
        state = (state ^ (state >> 30)) * 0xBF58476D1CE4E5B9UL;
        state = (state ^ (state >> 27)) * 0x94D049BB133111EBUL;
        state ^= state >> 31;
        state |= 1;
        var words = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(pixels.AsSpan(0, pixels.Length & ~7));
        for (var i = 0; i < words.Length; i++)
        {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            words[i] = state;
        }
        for (var i = pixels.Length & ~7; i < pixels.Length; i++)
        {
            pixels[i] = (byte)(state >> (8 * (i & 7)));
        }
    }

    private static byte[] DrawPage(int width, int height, int seed)
    {
        var page = new byte[width * height];
        page.AsSpan().Fill(228);
        var random = new Random(seed);
        var unit = Math.Max(2, height / 3 / 120);
        for (var y = 0; y < height; y += random.Next(height / 12, height / 5))
        {
            // A window: a border, a title bar, then lines of "words" (dark dashes of random length).
            var x = random.Next(0, width / 3);
            var w = random.Next(width / 3, width - x);
            var h = Math.Min(random.Next(height / 15, height / 6), height - y);
            Fill(page, width, x, y, w, h, (byte)random.Next(235, 256));
            Fill(page, width, x, y, w, Math.Min(h, 6 * unit), (byte)random.Next(60, 140));
            for (var line = y + (8 * unit); line + (3 * unit) < y + h; line += 5 * unit)
            {
                for (var word = x + (2 * unit); word < x + w - (4 * unit);)
                {
                    var length = Math.Min(random.Next(3, 14) * unit, x + w - word - (2 * unit));
                    Fill(page, width, word, line, length, 3 * unit, (byte)random.Next(10, 90));
                    word += length + (2 * unit);
                }
            }
        }
        return page;
    }

    private static void Fill(byte[] page, int width, int x, int y, int w, int h, byte value)
    {
        for (var row = y; row < y + h; row++)
        {
            page.AsSpan((row * width) + x, w).Fill(value);
        }
    }
}
