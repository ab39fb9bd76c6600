using StreamLab.Core.Metrics;
using StreamLab.Core.Raw;

namespace StreamLab.Tests.Core.Metrics;

/// <summary>
/// <see cref="CounterIncrease"/> against Prometheus' own expected values: the increase()/rate() cases of
/// prometheus/prometheus promql/promqltest/testdata/functions.test (main at d15adb9) whose answer does not depend on
/// Prometheus 3's left-open range (no sample sits on the range's start), loaded here sample by sample.
/// </summary>
public class CounterIncreaseTests
{
    private static SampleRow[] Load(TimeSpan step, params double[] values) =>
        values.Select((v, i) => new SampleRow(1, "x", (long)(step.TotalMicroseconds * i), v, false)).ToArray();

    private static double Increase(SampleRow[] samples, TimeSpan at, TimeSpan range)
    {
        var (start, end) = ((long)(at - range).TotalMicroseconds, (long)at.TotalMicroseconds);
        var inRange = samples.Where(s => s.TimeUs >= start && s.TimeUs <= end).ToArray();
        return CounterIncrease.Over(inRange, start, end) ?? double.NaN;
    }

    private static double[] Series(double start, double step, int times) =>
        Enumerable.Range(0, times + 1).Select(i => start + step * i).ToArray();

    [Fact]
    public void Over_PrometheusIncreaseCases_MatchItsExpectedValues()
    {
        // load 5m: 0+10x10, 0+18x5 0+18x5, 10+10x10, 1+10x10; eval instant at 50m increase(…[100m]): 100, 162, 105, 101.
        var fiveMinutes = TimeSpan.FromMinutes(5);
        var at = TimeSpan.FromMinutes(50);
        var range = TimeSpan.FromMinutes(100);

        Assert.Equal(100, Increase(Load(fiveMinutes, Series(0, 10, 10)), at, range), 9);
        Assert.Equal(162, Increase(Load(fiveMinutes, [.. Series(0, 18, 5), .. Series(0, 18, 5)]), at, range), 9);
        Assert.Equal(105, Increase(Load(fiveMinutes, Series(10, 10, 10)), at, range), 9); // half a gap before the first sample
        Assert.Equal(101, Increase(Load(fiveMinutes, Series(1, 10, 10)), at, range), 9); // only back to where it was 0
        // "the sequence 3 2 (decreasing counter = reset) is interpreted the same as 3 0 1 2": increase(…[30m]) at 30m = 7.
        Assert.Equal(7, Increase(Load(fiveMinutes, 0, 1, 2, 3, 2, 3, 4), TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(30)), 9);
        // calculate_rate_window_total 0+80x10: rate(…[50m]) at 50m = 0.26666666666666666.
        Assert.Equal(0.26666666666666666, Increase(Load(fiveMinutes, Series(0, 80, 10)), at, TimeSpan.FromMinutes(50)) / 3000, 12);
    }

    [Theory]
    [InlineData(0, 0.5, 0.6)]
    [InlineData(60, 0.55, 0.6)]
    [InlineData(120, 0.6, 0.6)]
    [InlineData(180, 0.6, 0.6)]
    [InlineData(300, 0.6, 0.6)]
    public void Over_ZeroCutoff_StopsLeftExtrapolationWhereTheCounterWouldBeZero(double first, double rateAt10m, double rateAt50m)
    {
        // load 4m: testcounter_zero_cutoff_total{start="…"} <first>+240x10; rate(…[20m]) at 10m and at 50m.
        var samples = Load(TimeSpan.FromMinutes(4), Series(first, 240, 10));

        Assert.Equal(rateAt10m, Increase(samples, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(20)) / 1200, 12);
        Assert.Equal(rateAt50m, Increase(samples, TimeSpan.FromMinutes(50), TimeSpan.FromMinutes(20)) / 1200, 12);
    }

    [Fact]
    public void Over_FewerThanTwoSamples_IsNull()
    {
        Assert.Null(CounterIncrease.Over([new SampleRow(1, "x", 5, 3, false)], 0, 10));
        Assert.Null(CounterIncrease.Over([], 0, 10));
    }

    [Fact]
    public void Steps_ResetAndIrregularSpacing_GiveTheRateOfEachGap()
    {
        SampleRow S(long s, double v) => new(1, "x_total", s * 1_000_000, v, false);

        var rates = CounterIncrease.Steps([S(0, 10), S(1, 20), S(3, 30), S(4, 4), S(4, 9)]);

        // +10 in 1 s, +10 in 2 s, a reset to 4 counts 4 in 1 s, a zero-length step is skipped.
        Assert.Equal([(1_000_000L, 10.0), (3_000_000L, 5.0), (4_000_000L, 4.0)], rates);
    }
}
