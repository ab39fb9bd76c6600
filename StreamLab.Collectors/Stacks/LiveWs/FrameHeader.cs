using System.Buffers.Binary;

namespace StreamLab.Collectors.Stacks.LiveWs;

/// <summary>
/// The fixed 36-byte header before each JPEG in a binary live-ws message, little-endian:
/// <c>"SLWS"</c>, version (1), quality, width, height (u16), frame id (i64), capture µs (i64),
/// encode µs (i32), payload length (i32).
/// </summary>
public readonly record struct FrameHeader(long FrameId, long CaptureUs, int EncodeUs, int Quality, int Width, int Height, int PayloadLength)
{
    public const int Size = 36;
    public const byte Version = 1;
    private static ReadOnlySpan<byte> Magic => "SLWS"u8;

    public void Write(Span<byte> destination)
    {
        Magic.CopyTo(destination);
        destination[4] = Version;
        destination[5] = (byte)Quality;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[6..], (ushort)Width);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[8..], (ushort)Height);
        destination[10] = 0;
        destination[11] = 0;
        BinaryPrimitives.WriteInt64LittleEndian(destination[12..], FrameId);
        BinaryPrimitives.WriteInt64LittleEndian(destination[20..], CaptureUs);
        BinaryPrimitives.WriteInt32LittleEndian(destination[28..], EncodeUs);
        BinaryPrimitives.WriteInt32LittleEndian(destination[32..], PayloadLength);
    }

    /// <summary>Parses a header; false when the magic, version or length does not match the message.</summary>
    public static bool TryParse(ReadOnlySpan<byte> message, out FrameHeader header)
    {
        header = default;
        if (message.Length < Size || !message[..4].SequenceEqual(Magic) || message[4] != Version)
        {
            return false;
        }
        var length = BinaryPrimitives.ReadInt32LittleEndian(message[32..]);
        if (length < 0 || length != message.Length - Size)
        {
            return false;
        }
        header = new FrameHeader(
            BinaryPrimitives.ReadInt64LittleEndian(message[12..]),
            BinaryPrimitives.ReadInt64LittleEndian(message[20..]),
            BinaryPrimitives.ReadInt32LittleEndian(message[28..]),
            message[5],
            BinaryPrimitives.ReadUInt16LittleEndian(message[6..]),
            BinaryPrimitives.ReadUInt16LittleEndian(message[8..]),
            length);
        return true;
    }
}

/// <summary>The naive client's text message: the same fields as JSON with the JPEG in base64.</summary>
public sealed record NaiveFrameMessage(long Id, long CaptureUs, int EncodeUs, int Quality, int Width, int Height, string Jpeg);
