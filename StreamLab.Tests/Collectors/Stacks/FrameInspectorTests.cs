using System.Globalization;
using StreamLab.Collectors.Stacks.LiveWs;
using StreamLab.Collectors.Stamps;

namespace StreamLab.Tests.Collectors.Stacks;

/// <summary>The live-ws client's decode side fed with good and bad messages, without a network.</summary>
public class FrameInspectorTests
{
    private static readonly LiveWsStream Stream = new(30, 640, 360, SyntheticContent.Scroll, 1);

    private static (FrameHeader Header, byte[] Jpeg) Frame(long id, int width = 640, int height = 360)
    {
        var source = new SyntheticSource(width, height, SyntheticContent.Scroll, 1);
        var frame = new LumaFrame(width, height);
        source.Render(id, frame);
        var capture = 1_795_000_000_000_000 + (id * 33_333);
        new StampWriter().Write(frame, source.Layout, new StampPayload(id, capture));
        using var codec = new JpegCodec();
        var jpeg = codec.Encode(frame, 80).ToArray();
        return (new FrameHeader(id, capture, 1000, 80, width, height, jpeg.Length), jpeg);
    }

    private static string[][] Rows(StringWriter csv) =>
        csv.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.TrimEnd('\r').Split(',')).ToArray();

    [Fact]
    public void Inspect_SampledFrame_RowCarriesPsnrAndSsim_OthersLeaveThemEmpty()
    {
        var csv = new StringWriter();
        using (var inspector = new FrameInspector(Stream, csv, qualityEvery: 10))
        {
            foreach (var id in new long[] { 10, 11 })
            {
                var (header, jpeg) = Frame(id);
                inspector.Inspect(header, jpeg);
            }
        }
        Assert.StartsWith(FrameInspector.CsvHeader, csv.ToString(), StringComparison.Ordinal);
        var rows = Rows(csv);
        Assert.Equal(["10", "11"], rows.Select(r => r[1]));
        var (psnr, ssim) = (double.Parse(rows[0][9], CultureInfo.InvariantCulture), double.Parse(rows[0][10], CultureInfo.InvariantCulture));
        Assert.InRange(psnr, 25, 60);
        Assert.InRange(ssim, 0.8, 0.9999);
        Assert.Equal(["", ""], rows[1][9..]);
        Assert.NotEqual("", rows[0][2]); // stamp read: capture time filled in
    }

    [Fact]
    public void Inspect_CorruptJpeg_IsCountedAsDecodeFailureAndTheClientGoesOn()
    {
        var csv = new StringWriter();
        using var inspector = new FrameInspector(Stream, csv, qualityEvery: 0);
        var (header, jpeg) = Frame(1);
        var corrupt = jpeg[..(jpeg.Length / 3)].Concat(new byte[500]).ToArray();
        corrupt[2] = 0x00; // not even a JPEG marker after SOI
        inspector.Inspect(header with { FrameId = 1 }, corrupt);
        inspector.Inspect(header with { FrameId = 2 }, [1, 2, 3]);
        var (good, goodJpeg) = Frame(3);
        inspector.Inspect(good, goodJpeg);
        inspector.WriteReady(final: true);
        Assert.Equal(2, inspector.DecodeFailures);
        Assert.Equal(["3"], Rows(csv).Select(r => r[1]));
        Assert.Equal(0, inspector.StampFailures);
    }

    [Fact]
    public void Inspect_FrameOfTheWrongSize_IsAStampFailureWithItsOwnSizeAndNoQuality()
    {
        var csv = new StringWriter();
        using (var inspector = new FrameInspector(Stream, csv, qualityEvery: 1))
        {
            var (header, jpeg) = Frame(4, 854, 480);
            inspector.Inspect(header, jpeg);
            Assert.Equal(1, inspector.StampFailures);
        }
        var row = Assert.Single(Rows(csv));
        Assert.Equal(["4", "", "854", "480"], row[1..5]);
        Assert.Equal(["", ""], row[9..]);
    }

    [Fact]
    public void Inspect_DamagedStamp_IsAStampFailureButTheFrameIsStillMeasured()
    {
        var (header, jpeg) = Frame(20);
        using var codec = new JpegCodec();
        var frame = codec.Decode(jpeg);
        var layout = StampLayout.For(640, 360);
        for (var y = layout.Y; y < layout.Y + (layout.SizePx / 2); y++)
        {
            frame.Pixels.AsSpan((y * 640) + layout.X, layout.SizePx).Fill(128);
        }
        var damaged = codec.Encode(frame, 90).ToArray();
        var csv = new StringWriter();
        using (var inspector = new FrameInspector(Stream, csv, qualityEvery: 10))
        {
            inspector.Inspect(header with { PayloadLength = damaged.Length }, damaged);
            Assert.Equal(1, inspector.StampFailures);
        }
        var row = Assert.Single(Rows(csv));
        Assert.Equal("", row[2]);
        Assert.NotEqual("", row[10]); // the reference comes from the header, so quality is still measured
    }
}
