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

        Assert.Equal(20 + 5 + 10, summary["c_delta"]);
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
