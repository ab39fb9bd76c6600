using StreamLab.Collectors.Quality;
using StreamLab.Collectors.Stamps;

namespace StreamLab.Tests.Collectors.Quality;

public class QualityMeterTests
{
    private static LumaFrame Stamped(SyntheticSource source, long id, long captureUs)
    {
        var frame = new LumaFrame(source.Width, source.Height);
        source.Render(id, frame);
        new StampWriter().Write(frame, source.Layout, new StampPayload(id, captureUs));
        return frame;
    }

    [Fact]
    public async Task Submit_ExactCopyOfTheStampedSource_IsThePsnrCapAndSsimOne()
    {
        var source = new SyntheticSource(854, 480, SyntheticContent.Scroll, 2);
        using var meter = new QualityMeter(new SyntheticSource(854, 480, SyntheticContent.Scroll, 2), every: 5);
        var quality = await meter.Submit(15, 1_795_000_000_123_456, Stamped(source, 15, 1_795_000_000_123_456))!;
        Assert.Equal(Psnr.CapDb, quality!.Value.PsnrDb);
        Assert.Equal(1.0, quality.Value.Ssim, 6);
    }

    [Fact]
    public async Task Submit_StampWithAnotherCaptureTime_IsNotIdentical()
    {
        // The stamp is part of the reference: a receiver that got the capture time wrong measures a difference.
        var source = new SyntheticSource(854, 480, SyntheticContent.Static, 2);
        using var meter = new QualityMeter(new SyntheticSource(854, 480, SyntheticContent.Static, 2), every: 1);
        var quality = await meter.Submit(3, 1_795_000_000_000_000, Stamped(source, 3, 1_795_000_999_999_999))!;
        Assert.True(quality!.Value.PsnrDb < Psnr.CapDb);
        Assert.True(quality.Value.Ssim < 1.0);
    }

    [Fact]
    public void Submit_FrameNotSampledOrOfAnotherSize_IsNotMeasured()
    {
        var source = new SyntheticSource(640, 360, SyntheticContent.Scroll, 1);
        using var meter = new QualityMeter(source, every: 10);
        Assert.Null(meter.Submit(11, 0, new LumaFrame(640, 360)));
        Assert.Null(meter.Submit(20, 0, new LumaFrame(854, 480)));
        Assert.NotNull(meter.Submit(20, 0, new LumaFrame(640, 360)));
        using var off = new QualityMeter(source, every: 0);
        Assert.False(off.Samples(0));
        Assert.Null(off.Submit(0, 0, new LumaFrame(640, 360)));
    }

    [Fact]
    public void New_NegativeEvery_IsAFormatError()
    {
        var error = Assert.Throws<FormatException>(() => new QualityMeter(new SyntheticSource(640, 360, SyntheticContent.Scroll, 1), -1));
        Assert.Contains("quality_every", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dispose_FinishesEverySubmittedFrame()
    {
        var source = new SyntheticSource(1280, 720, SyntheticContent.Noise, 1);
        var meter = new QualityMeter(new SyntheticSource(1280, 720, SyntheticContent.Noise, 1), every: 1);
        var tasks = Enumerable.Range(0, 6).Select(i => meter.Submit(i, 0, Stamped(source, i, 0))).ToList();
        meter.Dispose();
        Assert.All(tasks.Where(t => t is not null), t => Assert.True(t!.IsCompletedSuccessfully));
        Assert.Equal(6, tasks.Count(t => t is not null) + meter.Skipped);
    }
}
