using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using StreamLab.Core.Campaigns;
using StreamLab.Core.Metrics;
using StreamLab.Core.Raw;
using StreamLab.Core.Storage;

namespace StreamLab.Web.Dashboard;

/// <summary>Server-side times of one dashboard view over several runs.</summary>
public sealed record UiTiming(string View, string Goal, IReadOnlyList<TimeSpan> Runs, IReadOnlyList<TimeSpan> Cpu, long PayloadBytes, int Points,
    IReadOnlyList<(string Stage, TimeSpan Median)> Stages)
{
    /// <summary>CPU time of the process per run (median): what the view costs, whatever else the machine is doing.</summary>
    public TimeSpan CpuMedian => Cpu.Order().ElementAt(Cpu.Count / 2);

    public TimeSpan Median => Runs.Order().ElementAt(Runs.Count / 2);
    public TimeSpan Min => Runs.Min();
}

/// <summary>
/// <c>streamlab bench ui</c>: seeds synthetic data into a scratch SQLite file and times what the server does for a page
/// (read the store, compute, reduce, serialise the chart specs that cross the circuit): the matrix explorer over a campaign
/// of N records, and the record viewer over a finished record of M frames (one client at 60 fps) and of L frames
/// (24 clients at 30 fps, a 4-hour run), both drawn from the frame digest kept when they finished; and the M-frame
/// record as if it were still running, when the digest is computed from every frame. Browser drawing is not included.
/// </summary>
public static class UiBenchmark
{
    private const long Origin = 1_700_000_000_000_000;
    private const int Fps = 60;

    // largeFrames: frames of the second, multi-client record; 0 leaves it out.
    public static async Task<IReadOnlyList<UiTiming>> RunAsync(string dir, int records, int frames, int runs, TextWriter progress, int largeFrames = 0)
    {
        var store = ResultStore.OpenSqlite(dir);
        await store.MigrateAsync();
        var clock = Stopwatch.StartNew();
        await SeedMatrixAsync(store, records);
        progress.WriteLine($"seeded {records} records with summaries in {clock.Elapsed.TotalSeconds:0.0} s");
        var recordId = await SeedLongRecordAsync(store, "long", frames, clients: 1, progress);
        var largeId = largeFrames > 0 ? await SeedLongRecordAsync(store, "large", largeFrames, clients: 24, progress) : (long?)null;

        var matrix = await TimeAsync("matrix explorer", $"{records} records, mean ± CI per point", "≤ 200 ms", runs, async mark =>
        {
            _ = await store.ListCampaignsAsync();
            var list = await store.ListRecordsAsync("bench-ui");
            mark("read records + summaries");
            var view = MatrixExplorer.Build(new MatrixQuery("bench-ui", null, null, null, new Dictionary<string, IReadOnlyList<string>>()), list);
            var charts = MatrixChart.Build(view, p => "/records?point=" + p.PointKey);
            mark("statistics + chart");
            return charts;
        });
        List<UiTiming> timings = [matrix, await ViewerAsync(store, recordId, $"{frames} frames", "≤ 400 ms", runs, running: false)];
        if (largeId is { } large)
        {
            timings.Add(await ViewerAsync(store, large, $"{largeFrames} frames, 24 clients", "≤ 2 s", runs, running: false));
        }
        timings.Add(await ViewerAsync(store, recordId, $"{frames} frames, still running", "—", runs, running: true));
        return timings;
    }

    /// <summary>The record page's server work; a running record's digest is computed from its frames at every refresh.</summary>
    private static Task<UiTiming> ViewerAsync(ResultStore store, long recordId, string what, string goal, int runs, bool running) =>
        TimeAsync("record viewer", $"{what}, every chart", goal, runs, async mark =>
        {
            var record = await store.GetRecordAsync(recordId) ?? throw new InvalidOperationException("the seeded record is gone");
            if (running)
            {
                record = record with { Status = RecordStatus.Running };
            }
            mark("read record");
            var data = await RecordChartData.LoadAsync(store, record);
            mark(running ? "read frame columns + digest them, samples, events" : "read frame digest, samples, events");
            var charts = RecordCharts.Build(record, data);
            mark("build + reduce charts");
            return charts;
        });

    public static string Format(IReadOnlyList<UiTiming> timings)
    {
        var text = new StringBuilder();
        text.AppendLine("view                                              median      min   goal      points  payload   cpu (median)");
        foreach (var t in timings)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{t.View,-48} {Ms(t.Median),8} {Ms(t.Min),8}   {t.Goal,-8} {t.Points,7}  {t.PayloadBytes / 1024.0,6:0} KB  {Ms(t.CpuMedian),8}");
            foreach (var (stage, median) in t.Stages)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  {stage,-46} {Ms(median),8}");
            }
        }
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
        text.Append(CultureInfo.InvariantCulture, $"(server side: store reads, statistics, reduction, JSON of the chart specs; {timings[0].Runs.Count} runs after one warm-up; " +
            $"{Environment.ProcessorCount} cores, load average {load})");
        return text.ToString();
    }

    private static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture) + " ms";

    private static async Task<UiTiming> TimeAsync(string view, string what, string goal, int runs,
        Func<Action<string>, Task<IReadOnlyList<ChartSpec>>> work)
    {
        await work(_ => { }); // JIT, SQLite page cache
        var times = new List<TimeSpan>();
        var cpu = new List<TimeSpan>();
        using var process = Process.GetCurrentProcess();
        var stages = new List<(string Stage, TimeSpan Took)>();
        long bytes = 0;
        var points = 0;
        for (var i = 0; i < runs; i++)
        {
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var lap = TimeSpan.Zero;
            void Mark(string stage)
            {
                stages.Add((stage, clock.Elapsed - lap));
                lap = clock.Elapsed;
            }
            var charts = await work(Mark);
            var json = JsonSerializer.SerializeToUtf8Bytes(charts, JsonSerializerOptions.Web);
            Mark("JSON of the chart specs");
            times.Add(clock.Elapsed);
            process.Refresh();
            cpu.Add(process.TotalProcessorTime - cpuBefore);
            bytes = json.Length;
            points = charts.Sum(c => c.Traces.Sum(t => t.X.Count));
        }
        var medians = stages.GroupBy(s => s.Stage).Select(g => (g.Key, g.Select(s => s.Took).Order().ElementAt(g.Count() / 2))).ToList();
        return new UiTiming($"{view} ({what})", goal, times, cpu, bytes, points, medians);
    }

    private static async Task SeedMatrixAsync(IResultStore store, int records)
    {
        // 10 × 10 × 5 points, as many repetitions as it takes to reach the record count.
        var points = 500;
        var repetitions = Math.Max(1, (records + points - 1) / points);
        var loaded = CampaignLoader.LoadText($$"""
            name: bench-ui
            description: synthetic campaign of `streamlab bench ui`
            duration: 10s
            repetitions: {{repetitions}}
            matrix:
              bitrate: [500, 1000, 1500, 2000, 2500, 3000, 3500, 4000, 4500, 5000]
              fps: [10, 15, 20, 25, 30, 35, 40, 45, 50, 60]
              mode: [a, b, c, d, e]
            roles:
              client:
                command: ["true"]
            """, "<bench ui>");
        if (!loaded.IsValid)
        {
            throw new InvalidOperationException("bench campaign: " + string.Join("; ", loaded.Errors));
        }
        var campaignId = await store.UpsertCampaignAsync(loaded.Campaign!);
        var host = new HostFingerprint("bench", "6.1", "bench CPU", 2, 4096, new Dictionary<string, string>());
        var metrics = MetricCatalogue.FixedMetrics.Select(m => m.Name).Where(n => !n.Contains('<', StringComparison.Ordinal)).Take(30).ToArray();
        var random = new Random(7);
        var made = 0;
        for (var rep = 1; made < records; rep++)
        {
            foreach (var bitrate in new[] { 500, 1000, 1500, 2000, 2500, 3000, 3500, 4000, 4500, 5000 })
            {
                foreach (var fps in new[] { 10, 15, 20, 25, 30, 35, 40, 45, 50, 60 })
                {
                    foreach (var mode in new[] { "a", "b", "c", "d", "e" })
                    {
                        if (made++ >= records)
                        {
                            return;
                        }
                        var p = new Dictionary<string, string>
                        {
                            ["bitrate"] = bitrate.ToString(CultureInfo.InvariantCulture),
                            ["fps"] = fps.ToString(CultureInfo.InvariantCulture),
                            ["mode"] = mode,
                        };
                        var started = DateTimeOffset.UnixEpoch.AddTicks(Origin * 10).AddSeconds(made * 12);
                        var id = await store.StartRecordAsync(new NewRecord(campaignId, Core.Matrix.MatrixPoint.CanonicalKey(p), p, rep, started, host));
                        var summary = metrics.ToDictionary(m => m, m => 20 + fps * 0.5 + bitrate / 1000.0 + random.NextDouble() * 5);
                        await store.FinishRecordAsync(id, RecordStatus.Succeeded, null, started.AddSeconds(10), summary);
                    }
                }
            }
        }
    }

    /// <summary>
    /// A record of <paramref name="frames"/> frames from <paramref name="clients"/> clients receiving the same stream (one
    /// at 60 fps, several at 30 fps each), with lost frames, unstamped frames and bursts, then finished as a runner finishes it.
    /// </summary>
    private static async Task<long> SeedLongRecordAsync(IResultStore store, string name, int frames, int clients, TextWriter progress)
    {
        var clock = Stopwatch.StartNew();
        var loaded = CampaignLoader.LoadText($$"""
            name: bench-ui-{{name}}
            description: one long synthetic record of `streamlab bench ui`
            duration: 1h
            roles:
              client:
                command: ["true"]
            """, "<bench ui>");
        var campaignId = await store.UpsertCampaignAsync(loaded.Campaign ?? throw new InvalidOperationException(string.Join("; ", loaded.Errors)));
        var started = DateTimeOffset.UnixEpoch.AddTicks(Origin * 10);
        var id = await store.StartRecordAsync(new NewRecord(campaignId, name, new Dictionary<string, string> { [name] = "1" }, 1, started,
            new HostFingerprint("bench", "6.1", "bench CPU", 2, 4096, new Dictionary<string, string>())));
        var fps = clients == 1 ? Fps : 30;
        var streamFrames = frames / clients;
        var seconds = streamFrames / fps + 1;
        await using (var raw = store.CreateRawWriter())
        {
            for (var f = 0; f < streamFrames; f++)
            {
                if (f % 1000 == 999)
                {
                    continue; // a lost frame now and then: gap markers
                }
                var at = Origin + 1_000_000 + f * (1_000_000L / fps);
                var latency = 40_000 + (f * 7919 % 20_000) + (f % 3000 < 30 ? 200_000 : 0);
                for (var c = 0; c < clients; c++)
                {
                    raw.Add(new FrameRow(id, at + latency + c * 137, f, f % 500 == 0 ? null : at, 1280, 720, 20_000 + f % 5000, 2_000 + f % 700));
                }
            }
            for (var s = 0; s < seconds; s++)
            {
                var at = Origin + s * 1_000_000L;
                raw.Add(new SampleRow(id, "cpu_pct{role=\"server\"}", at, 40 + s % 17, false));
                raw.Add(new SampleRow(id, "cpu_pct{role=\"client\"}", at, 25 + s % 11, false));
                raw.Add(new SampleRow(id, SeriesNames.SystemCpuPct, at, 70 + s % 23, false));
                raw.Add(new SampleRow(id, "rss_mb{role=\"server\"}", at, 120 + s % 5, false));
                raw.Add(new SampleRow(id, "rss_mb{role=\"client\"}", at, 80 + s % 3, false));
                raw.Add(new SampleRow(id, SeriesNames.SystemMemMb, at, 2900 + s % 50, false));
                raw.Add(new SampleRow(id, "queue_dropped_total", at, s * 3, false));
                if (s % 600 == 300)
                {
                    raw.Add(new EventRow(id, at, "burst_on", null));
                    raw.Add(new EventRow(id, at + 20_000_000, "burst_off", null));
                }
            }
            await raw.FlushAsync();
        }
        var end = Origin + seconds * 1_000_000L;
        await store.SetWindowAsync(id, Origin + 1_000_000, end);
        progress.WriteLine($"seeded a record of {frames} frames ({clients} client{(clients == 1 ? "" : "s")}) in {clock.Elapsed.TotalSeconds:0.0} s");
        clock.Restart();
        await store.FinishRecordAsync(id, RecordStatus.Succeeded, null, DateTimeOffset.UnixEpoch.AddTicks(end * 10),
            new Dictionary<string, double> { ["frames_received"] = frames });
        progress.WriteLine($"  finishing it (status, summary, and its frame digest from every frame) took {clock.Elapsed.TotalSeconds:0.0} s");
        return id;
    }
}
