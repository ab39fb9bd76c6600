using ZXing.QrCode.Internal;

namespace StreamLab.Collectors.Stamps;

/// <summary>
/// Reads frame stamps where they are known to be: the stamp's position and module size come from
/// its <see cref="StampLayout"/>, so no detection is needed. Each module's value is the mean of its
/// pixels (the inner ones when modules are 4 px or more, away from codec ringing at the edges)
/// against mid-grey, and ZXing.Net's QR decoder reads the module grid (format information,
/// unmasking, Reed–Solomon error correction). Not thread-safe: one reader per decoding loop.
/// </summary>
public sealed class ZXingGridStampReader
{
    private const int QuietModules = 4;
    private const int DataModules = StampLayout.Modules - (2 * QuietModules);
    private readonly Decoder _decoder = new();
    private readonly bool[][] _grid = Enumerable.Range(0, DataModules).Select(_ => new bool[DataModules]).ToArray();

    public StampPayload? Read(LumaFrame frame, StampLayout layout)
    {
        var m = layout.ModulePx;
        if (layout.X + layout.SizePx > frame.Width || layout.Y + layout.SizePx > frame.Height)
        {
            return null;
        }
        var inset = m >= 4 ? 1 : 0;
        var area = (m - (2 * inset)) * (m - (2 * inset));
        var pixels = frame.Pixels;
        for (var r = 0; r < DataModules; r++)
        {
            var top = layout.Y + ((r + QuietModules) * m) + inset;
            var row = _grid[r];
            for (var c = 0; c < DataModules; c++)
            {
                var left = layout.X + ((c + QuietModules) * m) + inset;
                var sum = 0;
                for (var y = top; y < top + m - (2 * inset); y++)
                {
                    var line = pixels.AsSpan((y * frame.Width) + left, m - (2 * inset));
                    foreach (var p in line)
                    {
                        sum += p;
                    }
                }
                row[c] = sum < 128 * area;
            }
        }
        var result = _decoder.decode(_grid, null);
        return result is not null && StampPayload.TryParse(result.Text, out var payload) ? payload : null;
    }
}
