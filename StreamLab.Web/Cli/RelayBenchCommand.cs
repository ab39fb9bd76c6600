using System.CommandLine;
using System.Globalization;
using StreamLab.Collectors.Impairment;
using StreamLab.Core.Campaigns;
using StreamLab.Core.Running;
using StreamLab.Core.Storage;

namespace StreamLab.Web.Cli;

/// <summary>
/// <c>streamlab bench relay</c>: the impairment relay's own added round trip without impairment
/// (TCP and UDP, goal under 0.2 ms p50), then the delay accuracy check: the live-ws stack's
/// latency_p50_ms at net_delay_ms 50 against 0 in one campaign (goal +50 ± 1 ms).
/// </summary>
internal static class RelayBenchCommand
{
    private const string AccuracyCampaign = """
        name: bench-relay-accuracy
        stack: live-ws
        duration: 6s
        warmup: 1s
        sample_interval: 500ms
        matrix:
          net_delay_ms: [0, 50]
        params: { client_mode: smart, fps: 30, resolution: 720p }
        """;

    public static Command Create(TextWriter output)
    {
        var pings = new Option<int>("--pings") { Description = "Round trips per protocol and path", DefaultValueFactory = _ => 2000 };
        var skipAccuracy = new Option<bool>("--no-accuracy") { Description = "Only the relay's added round trip (no live-ws campaign)" };
        var command = new Command("relay", "Impairment relay: added round trip without impairment, and live-ws delay accuracy at 50 ms") { pings, skipAccuracy };
        command.SetAction(async (parse, ct) =>
        {
            output.Write(RelayBenchmark.Format(await RelayBenchmark.RunAsync(parse.GetValue(pings), ct)));
            if (!parse.GetValue(skipAccuracy))
            {
                await AccuracyAsync(output, ct);
            }
            return 0;
        });
        return command;
    }

    private static async Task AccuracyAsync(TextWriter output, CancellationToken ct)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"streamlab-bench-relay-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        try
        {
            var file = Path.Combine(dir, "accuracy.yaml");
            await File.WriteAllTextAsync(file, AccuracyCampaign, ct);
            var loaded = CampaignLoader.LoadFile(file);
            await using var services = await CliServices.StartAsync(Path.Combine(dir, "data"), DatabaseTarget.Sqlite(Path.Combine(dir, "data")), ct);
            var result = await services.GetRequiredService<CampaignRunner>().RunAsync(loaded.Campaign!, new RunOptions(true), null, ct);
            double? P50(string delay) => result.Outcomes.FirstOrDefault(o => o.PointKey == $"net_delay_ms={delay}" && o.Status == RecordStatus.Succeeded)
                ?.Summary.GetValueOrDefault("latency_p50_ms");
            var (zero, fifty) = (P50("0"), P50("50"));
            if (zero is null || fifty is null)
            {
                output.WriteLine("delay accuracy: a record failed: " + string.Join("; ", result.Outcomes.Select(o => $"{o.PointKey} {o.Status} {o.Reason}")));
                return;
            }
            var added = fifty.Value - zero.Value;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"delay accuracy (live-ws 720p30 smart, one campaign): latency_p50_ms {zero:F2} at net_delay_ms 0, {fifty:F2} at 50 → +{added:F2} ms (goal +50 ± 1: {(Math.Abs(added - 50) <= 1 ? "met" : "MISSED")})"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
