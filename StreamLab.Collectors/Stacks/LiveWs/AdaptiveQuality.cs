namespace StreamLab.Collectors.Stacks.LiveWs;

/// <summary>
/// The server's JPEG quality: a fixed number, or <c>adaptive</c>: 85, lowered to 75 when the smart
/// client reports a queue deeper than 15 and to 60 past 30, back up when it drains.
/// </summary>
public sealed class AdaptiveQuality
{
    private readonly int? _fixed;
    private volatile int _queueDepth;

    public AdaptiveQuality(string setting)
    {
        if (setting != "adaptive")
        {
            if (!int.TryParse(setting, System.Globalization.CultureInfo.InvariantCulture, out var q) || q is < 1 or > 100)
            {
                throw new FormatException($"jpeg quality '{setting}' must be 1..100 or adaptive");
            }
            _fixed = q;
        }
    }

    /// <summary>The client's last reported queue depth.</summary>
    public void Report(int queueDepth) => _queueDepth = queueDepth;

    public int Current => _fixed ?? ForDepth(_queueDepth);

    public static int ForDepth(int depth) => depth > 30 ? 60 : depth > 15 ? 75 : 85;
}
