using System.Globalization;

namespace StreamLab.Collectors.Stamps;

/// <summary>
/// What a frame stamp says: <c>SL1:&lt;frame id&gt;:&lt;capture µs&gt;</c>. Upper case, digits and ':'
/// only, so the QR code uses its compact alphanumeric mode; <c>SL1</c> is the format version.
/// </summary>
public readonly record struct StampPayload(long FrameId, long CaptureUs)
{
    private const string Prefix = "SL1:";

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix}{FrameId}:{CaptureUs}");

    public static bool TryParse(ReadOnlySpan<char> text, out StampPayload payload)
    {
        payload = default;
        if (!text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }
        var rest = text[Prefix.Length..];
        var colon = rest.IndexOf(':');
        if (colon <= 0
            || !long.TryParse(rest[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            || !long.TryParse(rest[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var capture))
        {
            return false;
        }
        payload = new StampPayload(id, capture);
        return true;
    }
}
