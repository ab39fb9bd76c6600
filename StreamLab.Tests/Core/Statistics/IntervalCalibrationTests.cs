using System.Globalization;
using StreamLab.Core.Statistics;
using Xunit.Abstractions;

namespace StreamLab.Tests.Core.Statistics;

/// <summary>
/// Do StreamLab's 95% intervals cover the truth 95% of the time at the repetition counts people run (2–10)?
/// Seeded simulations of whole campaigns, 2,000 per case: the compare's interval must cover the true change in
/// 93–97% of campaigns, "significant" under no change must come up in 3–6%, and the interval and p must agree in
/// every campaign. The old percentile bootstrap runs through the same harness and fails it. The measured figures
/// are printed (README, "Statistics").
/// </summary>
public class IntervalCalibrationTests(ITestOutputHelper output)
{
    private const int Campaigns = 2000;
    private const double Change = 0.5;

    /// <summary>2, 3, 5 and 10 repetitions a side, with one point pair and with four.</summary>
    public static TheoryData<int, int> RepetitionsAndPairs => new() { { 2, 1 }, { 3, 1 }, { 5, 1 }, { 10, 1 }, { 2, 4 }, { 3, 4 }, { 5, 4 }, { 10, 4 } };

    [Theory]
    [MemberData(nameof(RepetitionsAndPairs))]
    public void Compare_NormalData_CoversTheTrueChangeAbout95Percent_AndFlagsNoChangeAbout5Percent(int n, int pairs)
    {
        var coverage = Coverage(n, pairs, SimulatedData.Normal, 1);
        var falsePositives = FalsePositiveRate(n, pairs, SimulatedData.Normal);
        output.WriteLine($"compare normal n={n} pairs={pairs}: coverage {Percent(coverage)}, significant under no change {Percent(falsePositives)}");

        Assert.InRange(coverage, 0.93, 0.97);
        Assert.InRange(falsePositives, 0.03, 0.06);
    }

    [Theory]
    [MemberData(nameof(RepetitionsAndPairs))]
    public void Compare_LogNormalData_IsMeasured(int n, int pairs)
    {
        var coverage = Coverage(n, pairs, SimulatedData.LogNormal, 1);
        var falsePositives = FalsePositiveRate(n, pairs, SimulatedData.LogNormal);
        output.WriteLine($"compare log-normal n={n} pairs={pairs}: coverage {Percent(coverage)}, significant under no change {Percent(falsePositives)}");

        // Skewed values: t is not exact; the README quotes these figures. This only guards against a collapse.
        Assert.InRange(coverage, 0.90, 0.99);
        Assert.InRange(falsePositives, 0.01, 0.10);
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(3, 1)]
    [InlineData(5, 1)]
    [InlineData(2, 4)]
    [InlineData(5, 4)]
    public void Compare_CandidateFourTimesAsNoisy_StaysNearNominal(int n, int pairs)
    {
        // Smart and naive clients rarely scatter alike: Welch's test exists for this, a pooled variance would cover ~91% at n = 2.
        var coverage = Coverage(n, pairs, SimulatedData.Normal, 4);
        output.WriteLine($"compare normal, candidate σ ×4, n={n} pairs={pairs}: coverage {Percent(coverage)}");

        Assert.InRange(coverage, 0.91, 0.975);
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(2, 4)]
    public void OldPercentileBootstrap_FewRepetitions_CoversTooLittle(int n, int pairs)
    {
        var random = new Random(Seed("bootstrap", n, pairs));
        var covered = 0;
        for (var i = 0; i < Campaigns; i++)
        {
            var (low, high) = PercentileBootstrap.Interval95(CampaignSimulation.Draw(random, n, pairs, SimulatedData.Normal, Change));
            covered += low <= Change && Change <= high ? 1 : 0;
        }
        var coverage = (double)covered / Campaigns;
        output.WriteLine($"old percentile bootstrap, normal n={n} pairs={pairs}: coverage {Percent(coverage)}");

        Assert.True(coverage < 0.93, $"the old interval covered {Percent(coverage)}: the harness no longer tells a bad interval from a good one");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(10)]
    public void MeanEstimate_NormalData_CoversTheTrueMeanAbout95Percent(int n)
    {
        var random = new Random(Seed("mean", n, 1));
        var covered = 0;
        for (var i = 0; i < Campaigns; i++)
        {
            var e = MeanEstimate.Of(CampaignSimulation.Sample(random, n, SimulatedData.Normal));
            covered += e.CiLow <= 0 && 0 <= e.CiHigh ? 1 : 0;
        }
        var coverage = (double)covered / Campaigns;
        output.WriteLine($"matrix point mean, normal n={n}: coverage {Percent(coverage)}");

        Assert.InRange(coverage, 0.93, 0.97);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(10)]
    public void Compare_OneRepetitionPerPoint_CoversAbout95PercentOverPairs(int pairs)
    {
        var coverage = Coverage(1, pairs, SimulatedData.Normal, 1, DifferenceMethod.AcrossPoints);
        output.WriteLine($"compare across points (1 repetition), normal pairs={pairs}: coverage {Percent(coverage)}");

        Assert.InRange(coverage, 0.93, 0.97);
    }

    /// <summary>Share of campaigns whose interval holds the true change; every one must also have p and interval agree.</summary>
    private static double Coverage(int n, int pairs, SimulatedData data, double candidateSpread,
        DifferenceMethod expected = DifferenceMethod.WithinPoints)
    {
        var random = new Random(Seed($"coverage-{data}-{candidateSpread}", n, pairs));
        var covered = 0;
        for (var i = 0; i < Campaigns; i++)
        {
            var d = MeanDifference.Of(CampaignSimulation.Draw(random, n, pairs, data, Change, candidateSpread));
            AgreesWithP(d, expected);
            covered += d.CiLow <= Change && Change <= d.CiHigh ? 1 : 0;
        }
        return (double)covered / Campaigns;
    }

    /// <summary>Share of campaigns without any true change that the compare calls significant.</summary>
    private static double FalsePositiveRate(int n, int pairs, SimulatedData data)
    {
        var random = new Random(Seed($"no-change-{data}", n, pairs));
        var significant = 0;
        for (var i = 0; i < Campaigns; i++)
        {
            var d = MeanDifference.Of(CampaignSimulation.Draw(random, n, pairs, data, 0));
            AgreesWithP(d, DifferenceMethod.WithinPoints);
            significant += d.Significant ? 1 : 0;
        }
        return (double)significant / Campaigns;
    }

    private static void AgreesWithP(MeanDifference d, DifferenceMethod expected)
    {
        Assert.Equal(expected, d.Method);
        Assert.True(d.Significant == d.P < MeanDifference.Alpha,
            $"interval [{d.CiLow}, {d.CiHigh}] and p {d.P} disagree about significance");
    }

    private static int Seed(string what, int n, int pairs) => Stable(what) * 1000 + n * 10 + pairs;

    // string.GetHashCode is randomised per process: a seed must not be.
    private static int Stable(string text) => text.Aggregate(17, (h, c) => unchecked(h * 31 + c)) & 0xFFFFF;

    private static string Percent(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
}
