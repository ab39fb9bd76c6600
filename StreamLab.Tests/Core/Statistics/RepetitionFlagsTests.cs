using StreamLab.Core.Statistics;

namespace StreamLab.Tests.Core.Statistics;

/// <summary>Outlier and bimodality flags of a point's repetitions, against hand computations.</summary>
public class RepetitionFlagsTests
{
    [Fact]
    public void Of_OneFarValue_FlagsItAsOutlier()
    {
        // Median 10.1, |deviations| 0.1, 0.1, 0, 0.1, 9.9: MAD 0.1 → scale 0.148; 9.9 > 3·0.148.
        var flags = RepetitionFlags.Of([10.0, 10.2, 10.1, 10.0, 20.0]);

        Assert.Equal([4], flags.Outliers);
        Assert.True(flags.Any);
    }

    [Fact]
    public void Of_OrdinarySpread_FlagsNothing()
    {
        var flags = RepetitionFlags.Of([10.0, 10.4, 9.7, 10.1, 9.9, 10.3]);

        Assert.Empty(flags.Outliers);
        Assert.Null(flags.BimodalityCoefficient); // 6 values: too few to judge
        Assert.False(flags.Any);
    }

    [Fact]
    public void Of_MostValuesEqual_FallsBackToMeanAbsoluteDeviation()
    {
        // MAD 0; mean |deviation| = 40/4 = 10, scale 12.53; 40 > 3·12.53.
        Assert.Equal([3], RepetitionFlags.Of([10.0, 10.0, 10.0, 50.0]).Outliers);
    }

    [Fact]
    public void Coefficient_TwoEqualClusters_MatchesTheHandValueAndIsBimodal()
    {
        // Five 0s and five 10s: m2 = 25, m3 = 0, m4 = 625, g2 = −2; G2 = 9/56·(11·(−2) + 6) = −2.571;
        // BC = 1 / (−2.571 + 3·81/56) = 0.5657 > 5/9.
        var flags = RepetitionFlags.Of([0, 0, 0, 0, 0, 10, 10, 10, 10, 10]);

        Assert.Equal(0.5657, flags.BimodalityCoefficient!.Value, 4);
        Assert.True(flags.Bimodal);
        Assert.Empty(flags.Outliers);
    }

    [Fact]
    public void Coefficient_EvenSpread_IsNotBimodal()
    {
        // 1..10: BC 0.3185 (by hand from the same moments).
        var flags = RepetitionFlags.Of([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);

        Assert.Equal(0.3185, flags.BimodalityCoefficient!.Value, 4);
        Assert.False(flags.Bimodal);
    }
}
