using ZXing.QrCode.Internal;

namespace StreamLab.Collectors.Stamps;

/// <summary>
/// Reads frame stamps where they are known to be: the stamp's position and module size come from
/// its <see cref="StampLayout"/>, so no finder-pattern detection is needed. Each module's value is
/// the mean of its pixels (the inner ones when modules are 4 px or more, away from codec ringing at
/// the edges) against mid-grey, and ZXing.Net's QR decoder reads the module grid (format
/// information, unmasking, Reed–Solomon error correction). Chosen by <c>bench stamps</c> over ZBar
/// on the region (its predecessor), ZXing.Net's own detector and OpenCV's: 0.02–0.07 ms median
/// against ZBar's 0.3–10 ms, and as many or more stamps read through JPEG and x264 (98.9 % against
/// ZBar's 71.1 % for 3-px modules over noise at 1 Mbit/s). Not thread-safe: one reader per decoding loop.
/// </summary>
public sealed class StampReader
{
    private const int QuietModules = 4;
    private const int DataModules = StampLayout.Modules - (2 * QuietModules);
    private readonly Decoder _decoder = new();
    private readonly bool[][] _grid = Enumerable.Range(0, DataModules).Select(_ => new bool[DataModules]).ToArray();

    /// <summary>The stamp of <paramref name="frame"/> at <paramref name="layout"/>; null when it is absent, damaged beyond repair or outside the frame.</summary>
    public StampPayload? Read(LumaFrame frame, StampLayout layout)
    {
        var m = layout.ModulePx;
        if (layout.X + layout.SizePx > frame.Width || layout.Y + layout.SizePx > frame.Height)
        {
            return null;
        }
        var inset = m >= 4 ? 1 : 0;
        var inner = m - (2 * inset);
        var area = inner * inner;
        var pixels = frame.Pixels;
        for (var r = 0; r < DataModules; r++)
        {
            var top = layout.Y + ((r + QuietModules) * m) + inset;
            var row = _grid[r];
            for (var c = 0; c < DataModules; c++)
            {
                var left = layout.X + ((c + QuietModules) * m) + inset;
                var sum = 0;
                for (var y = top; y < top + inner; y++)
                {
                    var line = pixels.AsSpan((y * frame.Width) + left, inner);
                    foreach (var p in line)
                    {
                        sum += p;
                    }
                }
                row[c] = sum < 128 * area;
            }
        }
        var result = _decoder.decode(_grid, null);
        return result?.Text is { } text && StampPayload.TryParse(text, out var payload) ? payload : null;
    }
}
