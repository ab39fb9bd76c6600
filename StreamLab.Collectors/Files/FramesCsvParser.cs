using StreamLab.Core.Raw;

namespace StreamLab.Collectors.Files;

/// <summary>
/// Parses a frames CSV, one received frame a line:
/// <code>
/// recv_wall_us,frame_id,user_timestamp_us,width,height,size_bytes,decode_us
/// 1717171717000123,42,1717171716950000,1280,720,18234,812.5
/// 1717171717033456,43,,1280,720,17990,798
/// </code>
/// The five first columns are required (in any order; <c>user_timestamp_us</c> may be empty when
/// the frame carried no stamp); <c>size_bytes, decode_us, encode_us, quality, psnr_db, ssim</c> are optional.
/// </summary>
public sealed class FramesCsvParser(string file, long recordId) : CsvRecordParser<FrameRow>(file,
    ["recv_wall_us", "frame_id", "user_timestamp_us", "width", "height"],
    ["size_bytes", "decode_us", "encode_us", "quality", "psnr_db", "ssim"])
{
    protected override bool TryParseRow(IReadOnlyList<string> fields, out FrameRow row)
    {
        row = default;
        if (!TryLong(fields, "recv_wall_us", true, out var recv)
            || !TryLong(fields, "frame_id", true, out var frameId)
            || !TryLong(fields, "user_timestamp_us", false, out var userTs)
            || !TryLong(fields, "width", true, out var width)
            || !TryLong(fields, "height", true, out var height)
            || !TryLong(fields, "size_bytes", false, out var size)
            || !TryDouble(fields, "decode_us", out var decode)
            || !TryDouble(fields, "encode_us", out var encode)
            || !TryDouble(fields, "quality", out var quality)
            || !TryDouble(fields, "psnr_db", out var psnr)
            || !TryDouble(fields, "ssim", out var ssim))
        {
            return false;
        }
        if (width is < 0 or > int.MaxValue || height is < 0 or > int.MaxValue)
        {
            return Problem(width is < 0 or > int.MaxValue ? "width" : "height", "is out of range");
        }
        row = new FrameRow(recordId, recv!.Value, frameId!.Value, userTs, (int)width!.Value, (int)height!.Value,
            size, decode, encode, quality, psnr, ssim);
        return true;
    }
}
