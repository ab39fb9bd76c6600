using StreamLab.Core.Statistics;

namespace StreamLab.Tests.Core.Statistics;

/// <summary>Smallest detectable change and repetitions needed, against hand computations from t tables.</summary>
public class RepetitionPowerTests
{
    [Fact]
    public void Detectable_FiveRepetitionsSpreadTwo_MatchesTheTableComputation()
    {
        // ν = 8: t(0.975) = 2.306, t(0.80) = 0.889 (tables); δ = (2.306 + 0.889)·2·√(2/5) = 4.041.
        Assert.Equal(4.041, RepetitionPower.Detectable(2, 5), 2);
    }

    [Fact]
    public void Of_Repetitions_UsesTheirSampleSpread()
    {
        // 98, 100, 102: mean 100, s = 2; ν = 4: t(0.975) = 2.776, t(0.80) = 0.941; δ = 3.717·2·√(2/3) = 6.070.
        var power = RepetitionPower.Of([98, 100, 102])!;

        Assert.Equal(3, power.N);
        Assert.Equal(2, power.StdDev, 10);
        Assert.Equal(6.070, power.DetectableChange, 2);
        Assert.Equal(0.0607, power.DetectableRelative!.Value, 3);
    }

    [Fact]
    public void RepetitionsForRelative_FivePercentOfHundredWithSpreadFour_IsTwelve()
    {
        // δ ≤ 5 needed. n = 11 (ν = 20: 2.086 + 0.860): 2.946·4·√(2/11) = 5.02, too wide;
        // n = 12 (ν = 22: 2.074 + 0.858): 2.932·4·√(2/12) = 4.79: enough.
        var power = new RepetitionPower(5, 100, 4, RepetitionPower.Detectable(4, 5));

        Assert.Equal(12, power.RepetitionsForRelative(0.05));
        Assert.True(RepetitionPower.Detectable(4, 11) > 5);
    }

    [Fact]
    public void RepetitionsFor_NoSpread_NeedsTheMinimumOfTwo()
    {
        var power = RepetitionPower.Of([10, 10, 10])!;

        Assert.Equal(0, power.DetectableChange);
        Assert.Equal(2, power.RepetitionsFor(0.1));
    }

    [Fact]
    public void RepetitionsFor_EffectFarBelowTheSpread_IsNull()
    {
        var power = RepetitionPower.Of([0, 1000, 0, 1000])!;

        Assert.Null(power.RepetitionsFor(1e-6));
    }

    [Fact]
    public void Of_OneValue_IsNull() => Assert.Null(RepetitionPower.Of([5]));
}
