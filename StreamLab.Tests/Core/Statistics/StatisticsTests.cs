using StreamLab.Core.Statistics;

namespace StreamLab.Tests.Core.Statistics;

/// <summary>The statistics against textbook tables and hand-worked examples.</summary>
public class StatisticsTests
{
    [Theory]
    [InlineData(0.05, 1.5, 7.0)]
    [InlineData(0.05, 2.5, 3.5)]
    [InlineData(0.01, 7.3, 3.4)]
    [InlineData(0.05, 1e6, 1.96)]
    public void Critical_InvertsTwoSidedP_ForFractionalDf(double alpha, double df, double roughly)
    {
        var c = StudentT.Critical(alpha, df);

        Assert.Equal(alpha, StudentT.TwoSidedP(c, df), 10);
        Assert.InRange(c, roughly * 0.8, roughly * 1.2);
    }

    [Theory]
    [InlineData(1, 12.706)]
    [InlineData(4, 2.776)]
    [InlineData(30, 2.042)]
    [InlineData(60, 2.0003)]
    [InlineData(1000, 1.9623)]
    public void Quantile975_MatchesTables(int df, double expected) =>
        Assert.Equal(expected, StudentT.Quantile975(df), 3);

    [Theory]
    // Two-sided 5% and 1% points of standard t tables: P(|T| >= t) is 0.05 / 0.01 there.
    [InlineData(12.706, 1, 0.05)]
    [InlineData(2.776, 4, 0.05)]
    [InlineData(2.228, 10, 0.05)]
    [InlineData(3.169, 10, 0.01)]
    [InlineData(2.042, 30, 0.05)]
    [InlineData(2.750, 30, 0.01)]
    public void TwoSidedP_AtTableQuantiles_IsTheTableLevel(double t, double df, double p) =>
        Assert.Equal(p, StudentT.TwoSidedP(t, df), 4);

    [Fact]
    public void TwoSidedP_OneDegree_IsTheCauchyTail()
    {
        // t(1) is Cauchy: P(|T| >= 1) = 1 − 2·atan(1)/π = 0.5 exactly.
        Assert.Equal(0.5, StudentT.TwoSidedP(1, 1), 10);
        Assert.Equal(1, StudentT.TwoSidedP(0, 7), 12);
    }

    [Fact]
    public void LogGamma_KnownValues()
    {
        Assert.Equal(Math.Log(24), SpecialFunctions.LogGamma(5), 12);
        Assert.Equal(Math.Log(Math.Sqrt(Math.PI)), SpecialFunctions.LogGamma(0.5), 12);
    }

    [Fact]
    public void Welch_WikipediaExample1_GivesItsTAndP()
    {
        // en.wikipedia.org/wiki/Welch's_t-test, example 1: t = −2.46, ν ≈ 25.0, p = 0.021 (A2 − A1 here: t = +2.46).
        // The page uses Satterthwaite's ν; the unbiased (Welch 1947) df is (Σv)²/Σ(v²/(n+1)) − 2 = 26.56 by hand, p still 0.021.
        double[] a1 = [27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4];
        double[] a2 = [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4];

        var test = WelchTest.Of(a1, a2);

        Assert.Equal(2.46, test.T, 2);
        Assert.Equal(26.56, test.Df, 2);
        Assert.Equal(0.021, test.P, 3);
    }

    [Fact]
    public void Welch_WikipediaExample2_UnequalSizes()
    {
        // Same page, example 2: t = −1.57, ν ≈ 9.9, p = 0.149; with the Welch 1947 df 10.10 (by hand), p = 0.148.
        double[] a1 = [17.2, 20.9, 22.6, 18.1, 21.7, 21.4, 23.5, 24.2, 14.7, 21.8];
        double[] a2 = [21.5, 22.8, 21.0, 23.0, 21.6, 23.6, 22.5, 20.7, 23.4, 21.8, 20.7, 21.7, 21.5, 22.5, 23.6, 21.5, 22.5, 23.5, 21.5, 21.8];

        var test = WelchTest.Of(a1, a2);

        Assert.Equal(1.57, test.T, 2);
        Assert.Equal(10.10, test.Df, 2);
        Assert.InRange(test.P, 0.147, 0.149);
    }

    [Fact]
    public void Welch_HandWorked_EqualVariances()
    {
        // {1,2,3} vs {4,5,6}: difference 3, s² = 1 each, se = √(2/3), t = 3.674; df (2/3)²/(2·(1/3)²/4) − 2 = 6, capped at
        // the 2 + 2 df the two groups have.
        var test = WelchTest.Of([1, 2, 3], [4, 5, 6]);

        Assert.Equal(3, test.Difference, 12);
        Assert.Equal(3 / Math.Sqrt(2.0 / 3), test.T, 10);
        Assert.Equal(4, test.Df, 10);
        Assert.InRange(test.P, 0.02, 0.025); // between t(0.99,4)=3.747 (p 0.02) and t(0.9875,4)=3.495 (p 0.025)
    }

    [Fact]
    public void Welch_UnequalVariances_UsesTheUnbiasedDf_AndItsInterval()
    {
        // {1,2,3} vs {4,6,8}: v = 1/3 and 4/3; Satterthwaite (25/9)/((1/9 + 16/9)/2) = 2.94, unbiased (25/9)/((1/9 + 16/9)/4) − 2 = 3.882.
        var test = WelchTest.Of([1, 2, 3], [4, 6, 8]);

        Assert.Equal(100.0 / 17 - 2, test.Df, 10);
        var interval = test.Interval();
        Assert.Equal(Math.Sqrt(5.0 / 3), test.StandardError, 12);
        Assert.Equal(4 - StudentT.Quantile975(test.Df) * test.StandardError, interval.Low, 12);
        // The interval ends where p crosses 0.05: at the end, t equals the critical value.
        Assert.Equal(0.05, StudentT.TwoSidedP(interval.HalfWidth / test.StandardError, test.Df), 12);
    }

    [Fact]
    public void Welch_NoSpreadAnywhere_IsCertainOrNothing()
    {
        Assert.Equal(1, WelchTest.Of([2, 2], [2, 2]).P);
        Assert.Equal(0, WelchTest.Of([2, 2], [3, 3]).P);
        Assert.Throws<ArgumentException>(() => WelchTest.Of([1], [2, 3]));
    }

    [Fact]
    public void Welch_Stratified_OneStratumIsPlainWelch_TwoAverageTheDifferences()
    {
        double[] b1 = [1, 2, 3], c1 = [4, 5, 6], b2 = [10, 11, 12], c2 = [10, 12, 14];
        var one = WelchTest.Stratified([(b1, c1)]);
        var two = WelchTest.Stratified([(b1, c1), (b2, c2)]);

        Assert.Equal(WelchTest.Of(b1, c1), one);
        // Differences 3 and 1 → 2; variance (1/3 + 1/3 + 1/3 + 4/3)/4 = 0.5833.
        Assert.Equal(2, two.Difference, 12);
        Assert.Equal(2 / Math.Sqrt(7.0 / 12), two.T, 10);
    }

    [Fact]
    public void Paired_HandWorked()
    {
        // d = {1, 2, 3}: mean 2, s = 1, t = 2/(1/√3) = 3.464, df 2 → p = 0.0742 (t(0.95,2) = 2.920, t(0.975,2) = 4.303).
        var test = WelchTest.Paired([1, 2, 3]);
        Assert.Equal(2 * Math.Sqrt(3), test.T, 10);
        Assert.Equal(2, test.Df);
        // For df = 2 the tail is closed form: p = 1 − t/√(t² + 2).
        Assert.Equal(1 - test.T / Math.Sqrt(test.T * test.T + 2), test.P, 10);
    }

    [Fact]
    public void MeanEstimate_IsTheStudentTInterval()
    {
        // {10, 12, 14}: mean 12, s = 2, t(0.975, 2) = 4.303 → ±4.303·2/√3 = ±4.969.
        var e = MeanEstimate.Of([10, 12, 14]);

        Assert.Equal(12, e.Mean, 12);
        Assert.Equal(2, e.StdDev!.Value, 12);
        Assert.Equal(4.3027 * 2 / Math.Sqrt(3), e.HalfWidth!.Value, 3);
        Assert.Equal(e.Mean - e.HalfWidth.Value, e.CiLow!.Value, 12);
    }

    [Fact]
    public void MeanEstimate_TwoValues_UsesOneDegreeOfFreedom()
    {
        // {0, 1}: s = 0.7071, se = 0.5, t(0.975, 1) = 12.706: two values barely pin down a mean.
        var e = MeanEstimate.Of([0, 1]);

        Assert.Equal(12.706 * 0.5, e.HalfWidth!.Value, 2);
    }

    [Fact]
    public void MeanEstimate_OneValue_HasNoInterval()
    {
        var one = MeanEstimate.Of([5]);
        Assert.Equal(5, one.Mean);
        Assert.Null(one.CiLow);
        Assert.Null(one.StdDev);
        Assert.True(double.IsNaN(MeanEstimate.Of([]).Mean));
    }

    [Fact]
    public void LinearFit_HandWorked()
    {
        // x 1..5, y {2,4,5,4,5}: Sxy = 6, Sxx = 10 → slope 0.6, intercept 2.2; SSres 2.4 of SStot 6 → R² 0.6.
        var fit = LinearFit.Of([1, 2, 3, 4, 5], [2, 4, 5, 4, 5]);

        Assert.Equal(0.6, fit.Slope, 12);
        Assert.Equal(2.2, fit.Intercept, 12);
        Assert.Equal(0.6, fit.RSquared, 12);
        Assert.Equal(5.2, fit.Predict(5), 12);
        Assert.Throws<ArgumentException>(() => LinearFit.Of([1, 1], [2, 3]));
    }

    [Fact]
    public void RelativeChange_AndFactor()
    {
        Assert.Equal(-0.48, RelativeChange.Of(100, 52)!.Value, 12);
        Assert.Equal(0.5, RelativeChange.Of(-2, -1)!.Value, 12);
        Assert.Null(RelativeChange.Of(0, 5));
        Assert.Equal(2.6, RelativeChange.Factor(13, 5)!.Value, 12);
        Assert.Null(RelativeChange.Factor(0, 5));
    }

    [Fact]
    public void MeanDifference_ThreeRepetitionsApart_IsSignificant()
    {
        var d = MeanDifference.Of([([10, 11, 12], [20, 21, 22])]);

        Assert.Equal(DifferenceMethod.WithinPoints, d.Method);
        Assert.Equal(10, d.Change, 12);
        Assert.Equal(10.0 / 11, d.Relative!.Value, 12);
        // se √(2/3), df 4 (capped, see Welch_HandWorked_EqualVariances), t(0.975, 4) = 2.776: 10 ± 2.267.
        Assert.Equal(10 - 2.7764 * Math.Sqrt(2.0 / 3), d.CiLow!.Value, 3);
        Assert.Equal(4, d.Df);
        Assert.True(d.Significant);
        Assert.True(d.P < MeanDifference.Alpha);
    }

    [Fact]
    public void MeanDifference_Overlapping_IsNotSignificant()
    {
        var d = MeanDifference.Of([([10, 14, 12], [11, 15, 12])]);

        Assert.False(d.Significant);
        Assert.True(d.P > 0.5);
        Assert.True(d.CiLow < 0 && d.CiHigh > 0);
    }

    [Fact]
    public void MeanDifference_SingleRepetitions_UsesPointsOrSaysNotEnough()
    {
        var two = MeanDifference.Of([([1], [2]), ([3], [4])]);
        Assert.Equal(DifferenceMethod.NotEnoughData, two.Method);
        Assert.False(two.Significant);
        Assert.Equal(1, two.Change, 12);

        var four = MeanDifference.Of([([1], [2.1]), ([3], [4]), ([5], [5.9]), ([7], [8.05])]);
        Assert.Equal(DifferenceMethod.AcrossPoints, four.Method);
        Assert.Equal(4, four.Pairs);
        Assert.True(four.Significant);
    }
}
