using StreamLab.Core.Metrics;
using StreamLab.Core.Raw;
using StreamLab.Core.Storage;

namespace StreamLab.Tests.TestSupport;

/// <summary>
/// One record of a real campaign whose only role is Debian's prometheus-node-exporter (CPU collector only, on
/// 127.0.0.1 and the record's <c>{port}</c>), scraped every second with <c>node_cpu_seconds_total</c> collected as a
/// counter. As a class fixture it runs a 5 s window once for the tests that share it.
/// </summary>
public sealed class NodeExporterRecord : IAsyncLifetime, IAsyncDisposable
{
    private Lab? _lab;

    public RecordView Record { get; private set; } = null!;
    public TimeSpan Window { get; private set; } = TimeSpan.FromSeconds(5);
    /// <summary>Every stored sample of node_cpu_seconds_total, warm-up and after T1 included.</summary>
    public IReadOnlyList<SampleRow> Cpu { get; private set; } = [];
    /// <summary>How many CPUs the exporter reported (distinct <c>cpu</c> label values).</summary>
    public int CpuLabels => Cpu.Select(s => SeriesKey.TryParse(s.Series, out _)!.Labels.Single(l => l.Key == "cpu").Value).Distinct().Count();

    /// <summary>Scrape times against the window, for the test's output.</summary>
    public string Scrapes
    {
        get
        {
            var times = Cpu.Select(s => s.TimeUs).Distinct().Order().Select(t => ((t - Record.T0Us!.Value) / 1e6).ToString("F3"));
            return $"scrapes at T0 + [{string.Join(", ", times)}] s";
        }
    }

    /// <summary>
    /// The CPUs /proc/stat lists, which is what node-exporter sums over: every online CPU of the kernel. Not
    /// Environment.ProcessorCount, which follows this process's affinity and cgroup CPU quota, neither of which
    /// changes how fast the machine's CPUs accumulate time.
    /// </summary>
    public static int OnlineCpus() =>
        File.ReadLines("/proc/stat").Count(l => l.Length > 3 && l.StartsWith("cpu", StringComparison.Ordinal) && char.IsAsciiDigit(l[3]));

    public static async Task<NodeExporterRecord> RunAsync(TimeSpan window)
    {
        var run = new NodeExporterRecord { Window = window };
        await run.InitializeAsync();
        return run;
    }

    public async Task InitializeAsync()
    {
        _lab = await Lab.StartAsync();
        // --collector.textfile.directory only puts the lab's tag in argv, so a stray exporter is found (that collector is off).
        var campaign = _lab.Campaign($$"""
            name: node-cpu
            duration: {{(int)Window.TotalSeconds}}s
            warmup: 1s
            sample_interval: 1s
            collect: { counters: [node_cpu_seconds_total] }
            roles:
              node:
                command: ["prometheus-node-exporter", "--web.listen-address=127.0.0.1:{port}", "--collector.disable-defaults",
                          "--collector.cpu", "--collector.textfile.directory={record_dir}/{tag}"]
                ready: { http: "http://127.0.0.1:{port}/metrics", timeout: 20s }
                prometheus: ["http://127.0.0.1:{port}/metrics"]
            """);
        var outcome = Assert.Single((await _lab.RunAsync(campaign)).Outcomes);
        Assert.True(outcome.Status == RecordStatus.Succeeded, outcome.Reason);
        Assert.Empty(_lab.Leftovers());
        Record = (await _lab.Store.GetRecordAsync(outcome.RecordId))!;
        var raw = await _lab.Store.LoadRawAsync(outcome.RecordId);
        Cpu = raw.Samples.Where(s => s.Series.StartsWith("node_cpu_seconds_total{", StringComparison.Ordinal)).ToArray();
        Assert.DoesNotContain(raw.Events, e => e.Kind == "scrape_error");
    }

    public async Task DisposeAsync()
    {
        if (_lab is not null)
        {
            await _lab.DisposeAsync();
        }
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();
}
