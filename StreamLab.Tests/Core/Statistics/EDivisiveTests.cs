using StreamLab.Core.Statistics;

namespace StreamLab.Tests.Core.Statistics;

/// <summary>E-divisive change detection on synthetic run series with known change points (seeded, so repeatable).</summary>
public class EDivisiveTests
{
    private const int Series = 100;

    [Fact]
    public void SegmentBest_TwoLevels_MatchesTheHandComputedQ()
    {
        // [0, 0, 1, 1] split in the middle: Σ|X−Y| = 4, no spread within either half,
        // Q = (2·2/4)·(2·4/(2·2) − 0 − 0) = 2.
        var best = EDivisive.SegmentBest([0, 0, 1, 1], minSegment: 2);

        Assert.Equal((2, 2.0), best);
    }

    [Fact]
    public void Detect_TwentyNoisyRunsWithoutChange_RaisesAtMostTheTestsShareOfFalseAlarms()
    {
        var random = new Random(17);
        var alarms = 0;
        for (var s = 0; s < Series; s++)
        {
            alarms += EDivisive.Detect(Noisy(random, 20, _ => 100, sd: 3)).Count > 0 ? 1 : 0;
        }

        // α = 0.01: about 1 series in 100 by chance; 3 or more would mean the test is not at its level.
        Assert.InRange(alarms, 0, 2);
    }

    [Fact]
    public void Detect_OneSeriesOfTwentyNoisyRuns_FindsNothing()
    {
        Assert.Empty(EDivisive.Detect(Noisy(new Random(1), 20, _ => 100, sd: 3)));
    }

    [Theory]
    // Noise sd 3% of the level: the step is 3.3 sd. Measured with these seeds: ≥ 98, 93 and 59 of 100 series found
    // (at 5%, the step is 2 sd and 10 runs a side are not enough to find it every time at α = 0.01).
    [InlineData(10, 3.0, 98, 5)]
    [InlineData(15, 3.0, 88, 5)]
    [InlineData(10, 5.0, 50, 10)]
    public void Detect_TenPercentStep_FindsItWhereItIs(int at, double sd, int atLeast, int elsewhere)
    {
        var random = new Random(at * 100 + (int)sd);
        var found = 0;
        var extra = 0;
        for (var s = 0; s < Series; s++)
        {
            var changes = EDivisive.Detect(Noisy(random, 20, i => i < at ? 100 : 110, sd));
            found += changes.Any(c => Math.Abs(c.Index - at) <= 1) ? 1 : 0;
            extra += changes.Count(c => Math.Abs(c.Index - at) > 1);
        }

        Assert.InRange(found, atLeast, Series);
        // With more noise some changes are placed more than one run away: 6 of 100 at sd 5%.
        Assert.InRange(extra, 0, elsewhere);
    }

    [Fact]
    public void Detect_StepUpThenDown_FindsBothWithSegmentMeans()
    {
        var values = Noisy(new Random(5), 30, i => i < 10 ? 100 : i < 20 ? 110 : 95, sd: 2);

        var changes = EDivisive.Detect(values);

        Assert.Equal([10, 20], changes.Select(c => c.Index));
        Assert.InRange(changes[0].Before, 98, 102);
        Assert.InRange(changes[0].After, 108, 112);
        Assert.InRange(changes[0].Relative!.Value, 0.06, 0.14);
        Assert.InRange(changes[1].After, 93, 97);
        Assert.All(changes, c => Assert.True(c.P <= ChangeDetectionOptions.Default.Alpha));
    }

    [Fact]
    public void Detect_SameSeriesTwice_GivesTheSameAnswer()
    {
        var values = Noisy(new Random(9), 20, i => i < 12 ? 50 : 53, sd: 2);

        Assert.Equal(EDivisive.Detect(values), EDivisive.Detect(values));
    }

    [Theory]
    [InlineData(new double[0])]
    [InlineData(new[] { 1.0, 2.0, 3.0 })]
    [InlineData(new[] { 7.0, 7.0, 7.0, 7.0, 7.0, 7.0 })]
    public void Detect_TooShortOrFlat_FindsNothing(double[] values) =>
        Assert.Empty(EDivisive.Detect(values));

    [Fact]
    public void Detect_NaN_IsRefused() =>
        Assert.Throws<ArgumentException>(() => EDivisive.Detect([1, double.NaN, 2, 3]));

    private static double[] Noisy(Random random, int n, Func<int, double> level, double sd) =>
        Enumerable.Range(0, n).Select(i => level(i) + sd * CampaignSimulation.Normal(random)).ToArray();
}
