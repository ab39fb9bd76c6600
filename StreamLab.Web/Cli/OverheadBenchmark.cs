using System.Diagnostics;
using System.Globalization;
using System.Text;
using StreamLab.Collectors.Processes;
using StreamLab.Collectors.Sampling;
using StreamLab.Core.Storage;

namespace StreamLab.Web.Cli;

/// <summary>One case of <c>bench overhead</c>: the demo stack at a frame rate, with one client (one frames file) or several.</summary>
public sealed record OverheadCase(int Fps, int Clients)
{
    public override string ToString() => $"{Fps} fps, {Clients} file{(Clients == 1 ? "" : "s")}";
}

/// <summary>What a real record of one case cost: StreamLab's CPU over the measurement window beside its roles'.</summary>
public sealed record OverheadResult(OverheadCase Case, double WindowSeconds, double FramesPerSecond, long Ticks, double StreamLabPct, double RolesPct)
{
    /// <summary>StreamLab's % of a core per 1,000 frame rows a second: flat when cost grows with rows, not time.</summary>
    public double PctPerThousandFrames => FramesPerSecond > 0 ? StreamLabPct / (FramesPerSecond / 1000) : double.NaN;
}

/// <summary>
/// <c>streamlab bench overhead</c>: runs one record per case with <c>streamlab run</c> in a child process (the small
/// Python stack of <c>campaigns/stacks/demo</c>: a paced TCP server, clients writing frames.csv) and reads the child's
/// utime + stime from <c>/proc/&lt;pid&gt;/stat</c> every 100 ms; the ticks at T0 and T1 (interpolated) give StreamLab's
/// CPU over the measurement window, set beside the roles' own CPU from the record's summary.
/// </summary>
public static class OverheadBenchmark
{
    public static readonly IReadOnlyList<OverheadCase> Cases = [new(30, 1), new(60, 1), new(240, 1), new(30, 16)];

    private static readonly TimeSpan SampleEvery = TimeSpan.FromMilliseconds(100);

    /// <summary>The demo stack's folder: <c>campaigns/stacks/demo</c> above the app's folder or the current one.</summary>
    public static string? FindDemoStack()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var stack = Path.Combine(dir.FullName, "campaigns", "stacks", "demo");
                if (File.Exists(Path.Combine(stack, "server.py")) && File.Exists(Path.Combine(stack, "client.py")))
                {
                    return stack;
                }
            }
        }
        return null;
    }

    public static async Task<List<OverheadResult>> RunAsync(string dir, string stack, IReadOnlyList<OverheadCase> cases, TimeSpan window,
        TextWriter progress, CancellationToken ct)
    {
        var results = new List<OverheadResult>();
        foreach (var c in cases)
        {
            var caseDir = Path.Combine(dir, $"{c.Fps}fps-{c.Clients}");
            Directory.CreateDirectory(caseDir);
            var yaml = Path.Combine(caseDir, "campaign.yaml");
            await File.WriteAllTextAsync(yaml, Campaign(c, stack, window), ct);
            var data = Path.Combine(caseDir, "data");
            var samples = await RunAndSampleAsync([.. SelfCommand.Prefix, "run", yaml, "--data", data], Path.Combine(caseDir, "run.log"), ct);
            var result = await MeasureAsync(c, data, samples, ct);
            progress.WriteLine($"{c}: StreamLab {result.StreamLabPct:0.00}% of a core, roles {result.RolesPct:0.0}%");
            results.Add(result);
        }
        return results;
    }

    /// <summary>A campaign of one record: the demo server at the case's rate and as many clients, each with its own frames file.</summary>
    internal static string Campaign(OverheadCase c, string stack, TimeSpan window)
    {
        var yaml = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $$"""
            name: bench-overhead-{{c.Fps}}fps-{{c.Clients}}
            duration: {{(int)window.TotalSeconds}}s
            warmup: 3s
            matrix:
              rate: [{{c.Fps}}]
            roles:
              server:
                command: ["python3", "{{stack}}/server.py", "--rate", "{rate}", "--port", "{port}"]
                ready: { tcp: "127.0.0.1:{port}", timeout: 20s }

            """));
        for (var i = 1; i <= c.Clients; i++)
        {
            yaml.Append(CultureInfo.InvariantCulture, $$"""
                  client{{i}}:
                    command: ["python3", "{{stack}}/client.py", "--port", "{port}", "--out", "{record_dir}/frames-{{i}}.csv"]
                    ready: { log: "connected", timeout: 20s }
                    frames: "{record_dir}/frames-{{i}}.csv"

                """);
        }
        return yaml.ToString();
    }

    /// <summary>Runs the child to its end, reading its CPU ticks every 100 ms: (wall µs since the epoch, ticks).</summary>
    private static async Task<List<(long Us, long Ticks)>> RunAndSampleAsync(IReadOnlyList<string> argv, string log, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(argv[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in argv.Skip(1))
        {
            psi.ArgumentList.Add(arg);
        }
        using var child = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {argv[0]}");
        await using var output = File.CreateText(log);
        var copies = Task.WhenAll(child.StandardOutput.BaseStream.CopyToAsync(output.BaseStream, ct),
            child.StandardError.BaseStream.CopyToAsync(output.BaseStream, ct));
        var samples = new List<(long, long)>();
        try
        {
            while (!child.HasExited)
            {
                if (ProcessCpuTicks.Read(child.Id) is { } ticks)
                {
                    samples.Add((DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000, ticks));
                }
                await Task.Delay(SampleEvery, ct);
            }
        }
        catch (OperationCanceledException)
        {
            child.Kill(entireProcessTree: true);
            throw;
        }
        finally
        {
            await child.WaitForExitAsync(CancellationToken.None);
            await copies.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
        }
        if (child.ExitCode != 0)
        {
            throw new InvalidOperationException($"streamlab run exited with {child.ExitCode}; see {log}");
        }
        return samples;
    }

    private static async Task<OverheadResult> MeasureAsync(OverheadCase c, string data, List<(long Us, long Ticks)> samples, CancellationToken ct)
    {
        var store = ResultStore.OpenSqlite(data);
        var record = (await store.ListRecordsAsync(null, ct)).Single();
        if (record is not { Status: RecordStatus.Succeeded, T0Us: { } t0, T1Us: { } t1 })
        {
            throw new InvalidOperationException($"{c}: record {record.Id} is {record.Status}: {record.Reason}");
        }
        var ticks = TicksAt(samples, t1) - TicksAt(samples, t0);
        var seconds = (t1 - t0) / 1e6;
        var roles = record.Summary.Where(m => m.Key.StartsWith("cpu_pct_", StringComparison.Ordinal)).Sum(m => m.Value);
        var fps = record.Summary.GetValueOrDefault("fps_mean"); // all files together
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return new OverheadResult(c, seconds, fps, (long)Math.Round(ticks), ticks / ProcessCpuTicks.PerSecond / seconds * 100, roles);
    }

    /// <summary>The child's ticks at <paramref name="us"/>, interpolated between the samples around it.</summary>
    internal static double TicksAt(IReadOnlyList<(long Us, long Ticks)> samples, long us)
    {
        if (samples.Count == 0 || us < samples[0].Us || us > samples[^1].Us)
        {
            throw new InvalidOperationException("the child's CPU was not sampled over the whole window");
        }
        var i = 1;
        while (i < samples.Count - 1 && samples[i].Us < us) i++;
        var (a, b) = (samples[i - 1], samples[i]);
        return b.Us == a.Us ? b.Ticks : a.Ticks + (b.Ticks - a.Ticks) * (double)(us - a.Us) / (b.Us - a.Us);
    }

    public static string Format(IReadOnlyList<OverheadResult> results)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine("case                 frames/s   window   StreamLab ticks   StreamLab %core   per 1k frames/s   roles %core");
        foreach (var r in results)
        {
            text.AppendLine(string.Format(c, "{0,-18} {1,10:F1} {2,7:F1} s {3,17} {4,17:F2} {5,17:F2} {6,13:F1}",
                r.Case, r.FramesPerSecond, r.WindowSeconds, r.Ticks, r.StreamLabPct, r.PctPerThousandFrames, r.RolesPct));
        }
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
        text.Append(c, $"(streamlab run in a child process, utime+stime from /proc over [T0, T1]; {ProcessCpuTicks.PerSecond} ticks a second; " +
            $"roles = sum of cpu_pct_<role> of the record; {Environment.ProcessorCount} cores, load average {load})");
        return text.ToString();
    }
}
