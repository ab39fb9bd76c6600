using StreamLab.Web.Dashboard.Compare;

namespace StreamLab.Tests.Web.Compare;

/// <summary>How small changes and interval ends read on the compare page: never a misleading "0%" or "-0.00".</summary>
public class CompareFormatTests
{
    private static CompareMetricRow Row(double baseline, double candidate, double low, double high) => new("psnr_mean_db", "dB", "F2", "HigherIsBetter", "",
        "repetitions", 4, 8, 8, baseline, candidate, candidate - baseline, (candidate - baseline) / baseline, low, high, 6.6, 0.04, true, "worse");

    [Fact]
    public void Interval_EndThatRoundsToZero_ShowsItsFirstDigits()
    {
        // The live-ws campaign's psnr_mean_db: CI [−0.132, −0.0047] excludes 0 and must not read "[-0.13, -0.00]".
        var row = Row(45.486, 45.417, -0.132, -0.0047);

        Assert.Equal("[-0.13, -0.0047]", CompareFormat.Interval(row));
        Assert.Equal("+0.25", CompareFormat.Signed(row, 0.25));
        Assert.Equal("0.00", CompareFormat.Value(row, 0));
    }

    [Fact]
    public void Phrase_ChangeBelowOnePercent_KeepsTwoDigits()
    {
        Assert.Equal("0.15% lower psnr_mean_db", CompareSummary.Phrase(Row(45.486, 45.418, -0.13, -0.005)));
        Assert.Equal("10% lower psnr_mean_db", CompareSummary.Phrase(Row(50, 45, -6, -4)));
    }
}
