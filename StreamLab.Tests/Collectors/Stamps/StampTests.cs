using StreamLab.Collectors.Quality;
using StreamLab.Collectors.Stamps;

namespace StreamLab.Tests.Collectors.Stamps;

public class StampTests
{
    [Theory]
    [InlineData("640x360", SyntheticContent.Noise, 75)] // the smallest modules the layout makes: 3 px
    [InlineData("480p", SyntheticContent.Scroll, 100)]
    [InlineData("720p", SyntheticContent.Noise, 60)]
    [InlineData("720p", SyntheticContent.Static, 60)]
    [InlineData("1080p", SyntheticContent.Scroll, 60)]
    public void Stamp_ThroughJpeg_ReadsBackTheSamePayload(string resolution, SyntheticContent content, int quality)
    {
        var (w, h) = LumaFrame.ParseResolution(resolution);
        var source = new SyntheticSource(w, h, content, 7);
        var frame = new LumaFrame(w, h);
        using var writer = new StampWriter();
        var reader = new StampReader();
        using var codec = new JpegCodec();
        for (var id = 0L; id < 30; id++)
        {
            var payload = new StampPayload(id * 1_000_003, 1_795_000_000_000_000 + (id * 33_333));
            source.Render(id, frame);
            writer.Write(frame, source.Layout, payload);
            Assert.Equal(payload, reader.Read(frame, source.Layout));
            var decoded = codec.Decode(codec.Encode(frame, quality));
            Assert.Equal(payload, reader.Read(decoded, source.Layout));
        }
    }

    [Fact]
    public void Reader_WithoutStamp_ReturnsNull()
    {
        var source = new SyntheticSource(1280, 720, SyntheticContent.Noise, 1);
        var frame = new LumaFrame(1280, 720);
        source.Render(3, frame);
        var reader = new StampReader();
        Assert.Null(reader.Read(frame, source.Layout));
    }

    [Fact]
    public void Reader_DamagedStamp_ReturnsNullInsteadOfAWrongPayload()
    {
        var source = new SyntheticSource(1280, 720, SyntheticContent.Static, 1);
        var frame = new LumaFrame(1280, 720);
        source.Render(0, frame);
        new StampWriter().Write(frame, source.Layout, new StampPayload(5, 1_795_000_000_000_000));
        var reader = new StampReader();
        Assert.Equal(new StampPayload(5, 1_795_000_000_000_000), reader.Read(frame, source.Layout));
        // A grey bar over the middle third of the code: more than error correction level M repairs.
        var layout = source.Layout;
        for (var y = layout.Y + (layout.SizePx / 3); y < layout.Y + (2 * layout.SizePx / 3); y++)
        {
            frame.Pixels.AsSpan((y * frame.Width) + layout.X, layout.SizePx).Fill(100);
        }
        Assert.Null(reader.Read(frame, layout));
    }

    [Fact]
    public void Reader_RandomPixelsInTheStamp_NeverThrows()
    {
        var frame = new LumaFrame(854, 480);
        var layout = StampLayout.For(854, 480);
        var reader = new StampReader();
        var random = new Random(11);
        for (var i = 0; i < 500; i++)
        {
            random.NextBytes(frame.Pixels);
            Assert.Null(reader.Read(frame, layout));
        }
    }

    [Fact]
    public void Reader_FrameSmallerThanTheLayout_ReturnsNull()
    {
        var reader = new StampReader();
        Assert.Null(reader.Read(new LumaFrame(100, 100), StampLayout.For(1920, 1080)));
    }

    [Fact]
    public void Payload_RoundTripsAndRejectsOtherText()
    {
        var payload = new StampPayload(42, 1_717_171_717_000_123);
        Assert.Equal("SL1:42:1717171717000123", payload.ToString());
        Assert.True(StampPayload.TryParse(payload.ToString(), out var parsed));
        Assert.Equal(payload, parsed);
        Assert.False(StampPayload.TryParse("SL2:42:1", out _));
        Assert.False(StampPayload.TryParse("SL1:42", out _));
    }

    [Fact]
    public void Source_IsDeterministicPerFrameIdAndSeed()
    {
        var a = new LumaFrame(854, 480);
        var b = new LumaFrame(854, 480);
        new SyntheticSource(854, 480, SyntheticContent.Scroll, 5).Render(9, a);
        new SyntheticSource(854, 480, SyntheticContent.Scroll, 5).Render(9, b);
        Assert.Equal(a.Pixels, b.Pixels);
        new SyntheticSource(854, 480, SyntheticContent.Scroll, 5).Render(10, b);
        Assert.NotEqual(a.Pixels, b.Pixels);
    }

    [Fact]
    public void Psnr_IdenticalFrames_IsTheCap()
    {
        var a = new LumaFrame(64, 64);
        a.Pixels.AsSpan().Fill(77);
        var b = new LumaFrame(64, 64);
        a.Pixels.CopyTo(b.Pixels, 0);
        Assert.Equal(Psnr.CapDb, Psnr.Of(a, b));
    }

    [Fact]
    public void Psnr_KnownError_GivesExpectedValue()
    {
        // Every pixel off by ±10: MSE = 100, PSNR = 10·log10(255² / 100) = 28.1308 dB.
        var a = new LumaFrame(64, 64);
        var b = new LumaFrame(64, 64);
        for (var i = 0; i < a.Pixels.Length; i++)
        {
            a.Pixels[i] = 128;
            b.Pixels[i] = (byte)(i % 2 == 0 ? 138 : 118);
        }
        Assert.Equal(10 * Math.Log10(255.0 * 255 / 100), Psnr.Of(a, b), 9);
        Assert.Equal(28.1308, Psnr.Of(a, b), 3);
    }

    [Fact]
    public void Resolution_AcceptsShorthandsAndWxH()
    {
        Assert.Equal((1280, 720), LumaFrame.ParseResolution("720p"));
        Assert.Equal((640, 360), LumaFrame.ParseResolution("640x360"));
        Assert.Throws<FormatException>(() => LumaFrame.ParseResolution("big"));
        Assert.Equal(10, StampLayout.For(1920, 1080).ModulePx);
    }
}
