namespace StreamLab.Collectors.Stamps;

/// <summary>
/// Where the stamp sits and how big it is: a QR version 3 code (29 modules + the 4-module quiet
/// zone each side = 37), top-left at a fixed margin. Modules are height/108 px (10 px at 1080p,
/// 6 at 720p, 4 at 480p, never under 3), large enough to survive a starved encoder.
/// </summary>
public sealed record StampLayout(int X, int Y, int ModulePx)
{
    public const int QrVersion = 3;
    public const int Modules = 37;

    public int SizePx => Modules * ModulePx;

    public static StampLayout For(int width, int height)
    {
        var module = Math.Max(3, height / 108);
        var margin = Math.Max(8, height / 60);
        if (margin + (Modules * module) > Math.Min(width, height))
        {
            throw new ArgumentException($"a {width}x{height} frame is too small for a {Modules * module}-px stamp");
        }
        return new StampLayout(margin, margin, module);
    }
}
