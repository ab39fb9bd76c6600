using StreamLab.Core.Metrics;
using StreamLab.Core.Raw;
using StreamLab.Core.Storage;
using Xunit.Abstractions;

namespace StreamLab.Tests.Core.Running;

/// <summary>
/// Counter rates against physics and against Prometheus, with an exporter nobody here wrote: Debian's
/// prometheus-node-exporter run as a role of a real campaign. Summed over every mode and CPU,
/// <c>node_cpu_seconds_total</c> advances by the number of CPUs per wall second.
/// </summary>
[Trait("Category", "Slow")]
public class NodeExporterRateTests(NodeExporterRecord run, ITestOutputHelper output) : IClassFixture<NodeExporterRecord>
{
    [Fact]
    public void Rate_FiveSecondWindow_IsTheMachinesCpuCountWithinThreePercent()
    {
        var cpus = NodeExporterRecord.OnlineCpus();
        var rate = run.Record.Summary["node_cpu_seconds_total_rate"];
        output.WriteLine($"node_cpu_seconds_total_rate {rate:F4} over {run.Window.TotalSeconds} s, {cpus} CPUs; {run.Scrapes}");

        Assert.Equal(cpus, run.CpuLabels);
        Assert.InRange(rate, cpus * 0.97, cpus * 1.03);
        Assert.Contains(run.Cpu, s => s.Warmup && s.TimeUs < run.Record.T0Us); // scraped from the start of warm-up
    }

    [Fact]
    public async Task Delta_OnTheRecordedSamplesAndEdgeCases_AgreesWithPrometheusIncrease()
    {
        var (t0, t1) = (run.Record.T0Us!.Value, run.Record.T1Us!.Value);
        var cases = EdgeCases.Build(t0 - 120_000_000);
        await using var prometheus = await PrometheusReference.StartAsync(run.Cpu.Concat(cases.SelectMany(c => c.Samples)));

        var (t0Ms, t1Ms) = (PrometheusReference.Ms(t0), PrometheusReference.Ms(t1));
        var theirs = await prometheus.QueryAsync($"sum(increase(node_cpu_seconds_total[{t1Ms - t0Ms}ms]))", t1Ms);
        var ours = run.Record.Summary["node_cpu_seconds_total_delta"];
        output.WriteLine($"recorded: ours {ours:F6}, Prometheus 2.42 {theirs:F6} ({(ours / theirs - 1) * 100:F4}%)");
        Assert.InRange(ours, theirs * 0.99, theirs * 1.01);

        foreach (var edge in cases)
        {
            var selector = $"ref_total{{case=\"{edge.Name}\"}}";
            var summary = SummaryCalculator.Compute(new SummaryInput(new RecordRaw([], edge.Samples, []),
                edge.T0Us, edge.T1Us, [], null) { Counters = [selector] });
            var expected = await prometheus.QueryAsync($"increase({selector}[{(edge.T1Us - edge.T0Us) / 1000}ms])", edge.T1Us / 1000);
            var got = summary[$"ref_total_case_{edge.Name}_delta"];
            output.WriteLine($"{edge.Name}: ours {got:R}, Prometheus {expected:R}");
            // Whole milliseconds on both sides: only the rule can differ, so the tolerance is rounding's, not 1%.
            Assert.True(Math.Abs(got - expected) <= 1e-9 * Math.Max(1, Math.Abs(expected)), $"{edge.Name}: ours {got}, Prometheus {expected}");
        }
    }

    /// <summary>
    /// Series that take every branch of the rule, on whole milliseconds. Left out: a first sample over 1.1 gaps from
    /// the start with the zero point between half a gap and that, where Debian's 2.42 predates Prometheus 2.51's fix.
    /// </summary>
    private static class EdgeCases
    {
        public sealed record Case(string Name, long T0Us, long T1Us, SampleRow[] Samples);

        public static IReadOnlyList<Case> Build(long originUs)
        {
            var t0 = originUs / 1000 * 1000;
            var t1 = t0 + 10_000_000;
            Case Make(string name, params (double AtS, double Value)[] points) => new(name, t0, t1,
                points.Select(p => new SampleRow(1, $"ref_total{{case=\"{name}\"}}", t0 + (long)Math.Round(p.AtS * 1000) * 1000, p.Value, false)).ToArray());
            IEnumerable<(double, double)> Every(double fromS, double stepS, int count, double value, double slope) =>
                Enumerable.Range(0, count).Select(i => (fromS + i * stepS, value + slope * i * stepS));

            return
            [
                Make("steady", [.. Every(0.3, 1, 10, 100, 3.7)]),                       // both edges reached
                Make("reset", [.. Every(0.5, 1, 4, 40, 5), .. Every(4.5, 1, 6, 2, 5)]),  // a restart from 0 in the middle
                Make("late_start", [.. Every(4, 1, 6, 50, 2)]),                        // began inside: half a gap before
                Make("early_end", [.. Every(0.2, 1, 6, 10, 4)]),                       // ended inside: half a gap after
                Make("zero_cutoff", [.. Every(0.8, 1, 9, 0.5, 2)]),                    // would go below 0 before T0
                Make("irregular", (0.1, 7), (0.4, 8), (2.1, 12), (3.0, 13), (5.2, 19), (5.7, 21), (8.9, 30)),
                Make("flat", [.. Every(0, 1, 11, 42, 0)]),                             // samples on both edges, no rise
            ];
        }
    }
}

/// <summary>A 30 s window: the rate must hold over a long window as well (kept apart so it runs beside the 5 s one).</summary>
[Trait("Category", "Slow")]
public class NodeExporterLongWindowTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Rate_ThirtySecondWindow_IsTheMachinesCpuCountWithinThreePercent()
    {
        await using var run = await NodeExporterRecord.RunAsync(TimeSpan.FromSeconds(30));
        var cpus = NodeExporterRecord.OnlineCpus();
        var rate = run.Record.Summary["node_cpu_seconds_total_rate"];
        output.WriteLine($"node_cpu_seconds_total_rate {rate:F4} over 30 s, {cpus} CPUs; {run.Scrapes}");

        Assert.InRange(rate, cpus * 0.97, cpus * 1.03);
    }
}
