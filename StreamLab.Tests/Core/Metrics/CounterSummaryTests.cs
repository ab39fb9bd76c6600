using StreamLab.Core.Metrics;
using StreamLab.Core.Raw;
using StreamLab.Core.Storage;

namespace StreamLab.Tests.Core.Metrics;

public class CounterSummaryTests
{
    private const long T0 = 10_000_000;
    private const long T1 = 14_000_000;

    private static SampleRow S(string series, long t, double v, bool warmup = false) => new(1, series, t, v, warmup);

    private static IReadOnlyDictionary<string, double> Summarise(IReadOnlyList<SampleRow> samples, params string[] counters) =>
        SummaryCalculator.Compute(new SummaryInput(new RecordRaw([], samples, []), T0, T1, [], null) { Counters = counters });

    [Fact]
    public void Counter_DeltaAndRate_AreOverTheWindowOnly()
    {
        var summary = Summarise([
            S("nack_total", 9_000_000, 0, warmup: true),
            S("nack_total", T0, 100), S("nack_total", 12_000_000, 140), S("nack_total", T1, 180),
            S("nack_total", 15_000_000, 999),
        ], "nack_total");

        Assert.Equal(80, summary["nack_total_delta"]);
        Assert.Equal(20, summary["nack_total_rate"]); // 80 over 4 s
    }

    [Fact]
    public void Counter_Reset_CountsTheValueAfterTheReset()
    {
        var summary = Summarise([S("c", T0, 50), S("c", 11_000_000, 70), S("c", 12_000_000, 5), S("c", 13_000_000, 15)], "c");

        // 20 + 5 + 10 over the 3 s sampled, extrapolated over the last second to T1 (1 s < 1.1 × the 1 s gap).
        Assert.Equal(35.0 * 4 / 3, summary["c_delta"], 9);
        Assert.Equal(35.0 / 3, summary["c_rate"], 9);
    }

    [Fact]
    public void Counter_ScrapesSpanningLessThanTheWindow_AreExtrapolatedToItsEdges()
    {
        // The case of issue 22: a 5 s window, five scrapes spanning 3.99 s in which the counter rose 7.92. Dividing 7.92
        // by the window gave 1.584/s; the counter's true rate is 1.985/s, and increase() carries it to both edges.
        const long t1 = T0 + 5_000_000;
        var summary = SummaryCalculator.Compute(new SummaryInput(new RecordRaw([], [
            S("cpu_total", T0 - 1_000_000, 0, warmup: true),
            S("cpu_total", T0 + 5_000, 100), S("cpu_total", T0 + 1_000_000, 102), S("cpu_total", T0 + 2_000_000, 104),
            S("cpu_total", T0 + 3_000_000, 106), S("cpu_total", T0 + 3_995_000, 107.92),
            S("cpu_total", t1 + 10_000, 110),
        ], []), T0, t1, [], null) { Counters = ["cpu_total"] });

        Assert.Equal(7.92 * 5 / 3.99, summary["cpu_total_delta"], 9);
        Assert.Equal(7.92 / 3.99, summary["cpu_total_rate"], 9);
    }

    [Fact]
    public void Counter_SeriesStartingInsideTheWindow_IsExtrapolatedHalfAGapOnly()
    {
        // A series first seen 2 s after T0 (over 1.1 gaps away) began inside the window: half a gap before its first
        // sample, and never back past its zero point (here 5 s before it).
        var summary = Summarise([S("late_total", 12_000_000, 50), S("late_total", 13_000_000, 60), S("late_total", T1, 70)], "late_total");

        Assert.Equal(20.0 * (2 + 0.5) / 2, summary["late_total_delta"], 9);
    }

    [Fact]
    public void Counter_OneSampleInTheWindow_IsAbsent()
    {
        var summary = Summarise([S("c", 9_000_000, 1, warmup: true), S("c", 12_000_000, 5), S("c", 15_000_000, 9)], "c");

        Assert.False(summary.ContainsKey("c_delta"), "one sample tells no increase; warm-up and later samples are not used");
    }

    [Fact]
    public void Counter_LabelFilter_SumsMatchingSeriesOnly()
    {
        var summary = Summarise([
            S("fec_total{state=\"recovered\",track=\"a\"}", T0, 0), S("fec_total{state=\"recovered\",track=\"a\"}", T1, 4),
            S("fec_total{state=\"recovered\",track=\"b\"}", T0, 10), S("fec_total{state=\"recovered\",track=\"b\"}", T1, 16),
            S("fec_total{state=\"lost\",track=\"a\"}", T0, 0), S("fec_total{state=\"lost\",track=\"a\"}", T1, 1000),
            S("fec_total_other", T0, 0), S("fec_total_other", T1, 1000),
        ], "fec_total{state=\"recovered\"}", "fec_total");

        Assert.Equal(10, summary["fec_total_state_recovered_delta"]);
        Assert.Equal(1010, summary["fec_total_delta"]);
    }

    [Fact]
    public void Counter_NeverScraped_IsAbsentNotZero()
    {
        var summary = Summarise([S("other", T0, 1)], "nack_total");

        Assert.False(summary.ContainsKey("nack_total_delta"));
    }
}
