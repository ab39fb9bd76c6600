using StreamLab.Core.Statistics;

namespace StreamLab.Tests.Core.Statistics;

public class PercentileTests
{
    [Theory]
    [InlineData(new double[] { 1, 2, 3, 4 }, 25, 1.75)]          // numpy.percentile([1,2,3,4], 25)
    [InlineData(new double[] { 15, 20, 35, 40, 50 }, 40, 29.0)]   // h = 4·0.4 = 1.6 → 20 + 0.6·15
    [InlineData(new double[] { 15, 20, 35, 40, 50 }, 100, 50.0)]
    [InlineData(new double[] { 15, 20, 35, 40, 50 }, 0, 15.0)]
    [InlineData(new double[] { 7 }, 99, 7.0)]
    public void Of_InterpolatesBetweenClosestRanks(double[] values, double p, double expected)
    {
        Assert.Equal(expected, Percentile.Of(values, p), 9);
    }

    [Fact]
    public void Of_UnsortedInput_GivesSameAsSorted()
    {
        Assert.Equal(Percentile.Of([1, 2, 3, 4, 10], 90), Percentile.Of([10, 4, 1, 3, 2], 90), 12);
    }

    [Fact]
    public void Of_Empty_IsNaN()
    {
        Assert.True(double.IsNaN(Percentile.Of([], 50)));
    }

    [Fact]
    public void Of_OutOfRangeP_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Percentile.Of([1.0], 101));
    }
}
