using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using StreamLab.Core.Raw;

namespace StreamLab.Tests.TestSupport;

/// <summary>
/// Debian's Prometheus as the reference for counter figures: samples are written as OpenMetrics, turned into TSDB blocks
/// by <c>promtool tsdb create-blocks-from openmetrics</c>, and a real <c>prometheus</c> (127.0.0.1, nothing to scrape)
/// serves them, so <c>increase()</c> is evaluated by Prometheus' own code through its HTTP API.
/// Prometheus keeps milliseconds: sample times are rounded to the nearest one.
/// </summary>
public sealed class PrometheusReference : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _dir;
    private readonly Process _server;
    private readonly StringBuilder _log;
    private readonly HttpClient _http;

    private PrometheusReference(string dir, Process server, StringBuilder log, int port)
    {
        _dir = dir;
        _server = server;
        _log = log;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(20) };
    }

    public static long Ms(long us) => (long)Math.Round(us / 1000.0, MidpointRounding.AwayFromZero);

    public static async Task<PrometheusReference> StartAsync(IEnumerable<SampleRow> samples)
    {
        var dir = Path.Combine(Path.GetTempPath(), "streamlab-tests", "prometheus-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var input = Path.Combine(dir, "samples.om");
        await File.WriteAllTextAsync(input, OpenMetrics(samples));
        await File.WriteAllTextAsync(Path.Combine(dir, "prometheus.yml"), "{}\n");
        var (code, output) = await RunAsync("promtool", "tsdb", "create-blocks-from", "openmetrics", input, Path.Combine(dir, "data"));
        Assert.True(code == 0, $"promtool exited {code}: {output}");

        var port = FreePort();
        var log = new StringBuilder();
        var server = Start("prometheus", log, $"--config.file={Path.Combine(dir, "prometheus.yml")}",
            $"--storage.tsdb.path={Path.Combine(dir, "data")}", $"--web.listen-address=127.0.0.1:{port}");
        var reference = new PrometheusReference(dir, server, log, port);
        try
        {
            await reference.WaitReadyAsync();
            return reference;
        }
        catch
        {
            await reference.DisposeAsync();
            throw;
        }
    }

    /// <summary>The value of an instant query that must return exactly one sample, evaluated at <paramref name="atMs"/>.</summary>
    public async Task<double> QueryAsync(string promql, long atMs)
    {
        var time = (atMs / 1000.0).ToString("F3", CultureInfo.InvariantCulture);
        var url = $"api/v1/query?query={Uri.EscapeDataString(promql)}&time={time}";
        using var document = JsonDocument.Parse(await _http.GetStringAsync(url));
        var result = document.RootElement.GetProperty("data").GetProperty("result");
        Assert.True(result.GetArrayLength() == 1, $"{promql} at {time}: {result}");
        return double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_server.HasExited)
        {
            _server.Kill(entireProcessTree: true);
        }
        await _server.WaitForExitAsync();
        _server.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    /// <summary>One series after another in time order, <c>series value seconds.millis</c>, as promtool reads them.</summary>
    private static string OpenMetrics(IEnumerable<SampleRow> samples)
    {
        var text = new StringBuilder();
        foreach (var series in samples.GroupBy(s => s.Series, StringComparer.Ordinal))
        {
            foreach (var s in series.OrderBy(s => s.TimeUs))
            {
                var ms = Ms(s.TimeUs);
                text.Append(series.Key).Append(' ').Append(s.Value.ToString("R", CultureInfo.InvariantCulture))
                    .Append(' ').Append(ms / 1000).Append('.').Append((ms % 1000).ToString("D3", CultureInfo.InvariantCulture)).Append('\n');
            }
        }
        return text.Append("# EOF\n").ToString();
    }

    private async Task WaitReadyAsync()
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(_server.HasExited, $"prometheus exited {(_server.HasExited ? _server.ExitCode : 0)}: {Tail()}");
            try
            {
                using var response = await _http.GetAsync("-/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException) { }
            await Task.Delay(100);
        }
        Assert.Fail($"prometheus not ready in {Patience.TotalSeconds} s: {Tail()}");
    }

    private string Tail()
    {
        lock (_log) return _log.Length > 2000 ? _log.ToString(_log.Length - 2000, 2000) : _log.ToString();
    }

    private static Process Start(string program, StringBuilder log, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        var process = Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start");
        DataReceivedEventHandler append = (_, e) => { if (e.Data is { } line) lock (log) log.AppendLine(line); };
        process.OutputDataReceived += append;
        process.ErrorDataReceived += append;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<(int Code, string Output)> RunAsync(string program, params string[] args)
    {
        var log = new StringBuilder();
        using var process = Start(program, log, args);
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.WaitForExit(); // the output readers have finished
        lock (log) return (process.ExitCode, log.ToString());
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
