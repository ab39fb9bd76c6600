namespace StreamLab.Collectors.Stamps;

/// <summary>
/// Grey (luma-only) JPEG encode and decode through TurboJPEG. The synthetic frames are luma only,
/// so encoding them as single-component JPEG is exact and cheaper than a 4:2:0 colour one. Kept over
/// OpenCV's imencode/imdecode by <c>bench stamps</c>: OpenCV's encode took 0.67–1.00× TurboJPEG's median
/// time, but its decode of a 1080p frame 1.75× (imdecode allocates a new image each time), over the 1.25× bar.
/// One instance per thread; not thread-safe.
/// </summary>
public sealed unsafe class JpegCodec : IDisposable
{
    private nint _compressor;
    private nint _decompressor;
    private byte[] _jpeg = [];

    // No TJFLAG_FASTDCT: with it, whole module rows of 4–6 px stamps came back inverted and the stamp
    // reader of the time (ZBar) missed 5–100 % of them (measured); the accurate DCT costs little at these sizes.

    /// <summary>Encodes a grey frame; the returned span is valid until the next call.</summary>
    public ReadOnlySpan<byte> Encode(LumaFrame frame, int quality)
    {
        if (_compressor == 0)
        {
            _compressor = TurboJpegNative.InitCompress();
        }
        var capacity = (int)TurboJpegNative.BufSize(frame.Width, frame.Height, TurboJpegNative.SubsampleGray);
        if (_jpeg.Length < capacity)
        {
            _jpeg = new byte[capacity];
        }
        fixed (byte* source = frame.Pixels)
        fixed (byte* jpeg = _jpeg)
        {
            var output = jpeg;
            var size = (nuint)_jpeg.Length;
            if (TurboJpegNative.Compress2(_compressor, source, frame.Width, frame.Width, frame.Height, TurboJpegNative.PixelGray,
                    &output, &size, TurboJpegNative.SubsampleGray, quality, TurboJpegNative.FlagNoRealloc) != 0)
            {
                throw new InvalidOperationException("JPEG encode failed: " + TurboJpegNative.Error(_compressor));
            }
            return _jpeg.AsSpan(0, (int)size);
        }
    }

    /// <summary>Decodes any JPEG to grey (TJPF_GRAY), reusing <paramref name="into"/> when it has the right size.</summary>
    public LumaFrame Decode(ReadOnlySpan<byte> jpeg, LumaFrame? into = null)
    {
        if (_decompressor == 0)
        {
            _decompressor = TurboJpegNative.InitDecompress();
        }
        fixed (byte* source = jpeg)
        {
            if (TurboJpegNative.DecompressHeader3(_decompressor, source, (nuint)jpeg.Length, out var width, out var height, out _, out _) != 0)
            {
                throw new InvalidDataException("JPEG header unreadable: " + TurboJpegNative.Error(_decompressor));
            }
            var frame = into is not null && into.Width == width && into.Height == height ? into : new LumaFrame(width, height);
            fixed (byte* destination = frame.Pixels)
            {
                if (TurboJpegNative.Decompress2(_decompressor, source, (nuint)jpeg.Length, destination, width, width, height,
                        TurboJpegNative.PixelGray, 0) != 0)
                {
                    throw new InvalidDataException("JPEG decode failed: " + TurboJpegNative.Error(_decompressor));
                }
            }
            return frame;
        }
    }

    public void Dispose()
    {
        if (_compressor != 0)
        {
            _ = TurboJpegNative.Destroy(_compressor);
            _compressor = 0;
        }
        if (_decompressor != 0)
        {
            _ = TurboJpegNative.Destroy(_decompressor);
            _decompressor = 0;
        }
    }
}
