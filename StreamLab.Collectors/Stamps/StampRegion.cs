namespace StreamLab.Collectors.Stamps;

/// <summary>The rectangle a stamp reader scans: the stamp (quiet zone included) plus one module of slack, clipped to the frame.</summary>
public static class StampRegion
{
    public static (int X, int Y, int Width, int Height) Of(LumaFrame frame, StampLayout layout)
    {
        var slack = layout.ModulePx;
        var x0 = Math.Max(0, layout.X - slack);
        var y0 = Math.Max(0, layout.Y - slack);
        return (x0, y0, Math.Min(frame.Width - x0, layout.SizePx + (2 * slack)), Math.Min(frame.Height - y0, layout.SizePx + (2 * slack)));
    }
}
