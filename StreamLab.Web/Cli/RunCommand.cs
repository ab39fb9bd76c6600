using System.CommandLine;
using System.Runtime.InteropServices;
using StreamLab.Core.Campaigns;
using StreamLab.Core.Matrix;
using StreamLab.Core.Running;
using StreamLab.Core.Storage;
using StreamLab.Web.Cli.Gate;
using StreamLab.Web.Dashboard.Targets;

namespace StreamLab.Web.Cli;

/// <summary>
/// <c>streamlab run FILE [--dry-run] [--fresh] [--gate targets] [--junit FILE]</c>: runs a campaign headless; with a gate,
/// exits <see cref="GateFailed"/> when a check fails (2 stays "invalid input").
/// </summary>
internal static class RunCommand
{
    /// <summary>The exit code of a run whose gate found a failed target.</summary>
    public const int GateFailed = 3;

    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Argument<string>("file") { Description = "Campaign YAML file" };
        var dryRun = new Option<bool>("--dry-run") { Description = "List the points and the estimated time; run nothing" };
        var fresh = new Option<bool>("--fresh") { Description = "Delete this campaign's records and start over (default: resume)" };
        var gate = new Option<string[]>("--gate")
        {
            Description = "After the run, check: 'targets' (every point meets every target of the newest targets version); exit 3 if not",
            AllowMultipleArgumentsPerToken = false,
        };
        var junit = new Option<string?>("--junit") { Description = "Write the gate's checks as JUnit XML to this file" };
        var command = new Command("run", "Run every point × repetition of a campaign") { file, dryRun, fresh, gate, junit };
        command.SetAction(async (parse, _) =>
        {
            var loaded = CampaignLoader.LoadFile(parse.GetRequiredValue(file));
            if (!loaded.IsValid)
            {
                foreach (var problem in loaded.Errors)
                {
                    await error.WriteLineAsync(problem.ToString());
                }
                await error.WriteLineAsync($"{loaded.Errors.Count} error(s); nothing was started.");
                return StreamLabCli.InvalidInput;
            }
            var campaign = loaded.Campaign!;
            var gates = parse.GetValue(gate) ?? [];
            if (GateProblem(gates, parse.GetValue(junit)) is { } gateProblem)
            {
                await error.WriteLineAsync(gateProblem);
                return StreamLabCli.InvalidInput;
            }
            if (parse.GetValue(dryRun))
            {
                PrintDryRun(campaign, output);
                return 0;
            }
            return await RunAsync(campaign, new RunOptions(parse.GetValue(fresh)), new GateRequest(gates, parse.GetValue(junit)), parse, output, error);
        });
        return command;
    }

    private static void PrintDryRun(Campaign campaign, TextWriter output)
    {
        var points = MatrixExpander.Expand(campaign);
        var runs = MatrixExpander.Plan(campaign);
        output.WriteLine($"campaign {campaign.Name}: {points.Count} point(s) × {campaign.Repetitions} repetition(s) = {runs.Count} record(s)");
        foreach (var point in points)
        {
            output.WriteLine($"  {(point.Key.Length == 0 ? "(no matrix parameters)" : point.Key)}");
        }
        output.WriteLine($"order: {campaign.Order.ToString().ToLowerInvariant()}; each record: warm-up {Format.Duration(campaign.Warmup)} + " +
                         $"measurement {Format.Duration(campaign.Duration)} + ~{Format.Duration(MatrixExpander.PerRecordOverhead)} start/stop");
        output.WriteLine($"estimated total: {Format.Duration(MatrixExpander.Estimate(campaign, runs.Count))}");
    }

    /// <summary>Checked before anything runs: an unknown gate or a JUnit file without a gate is invalid input.</summary>
    private static string? GateProblem(IReadOnlyList<string> gates, string? junit)
    {
        foreach (var g in gates)
        {
            if (g.StartsWith("baseline=", StringComparison.Ordinal))
            {
                return $"error: --gate {g}: comparing with a baseline run needs campaign runs, which this build does not have yet; use --gate targets.";
            }
            if (g != TargetsGate.Suite)
            {
                return $"error: --gate '{g}' is not a gate; the gates are: targets.";
            }
        }
        return junit is not null && gates.Count == 0 ? "error: --junit needs a --gate (it writes the gate's checks)." : null;
    }

    private sealed record GateRequest(IReadOnlyList<string> Gates, string? Junit);

    private static async Task<int> RunAsync(Campaign campaign, RunOptions options, GateRequest gate, ParseResult parse, TextWriter output, TextWriter error)
    {
        using var cancel = new CancellationTokenSource();
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            if (!cancel.IsCancellationRequested)
            {
                error.WriteLine("stopping: cancelling the current record and reaping its processes…");
                cancel.Cancel();
            }
        }
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

        await using var services = await CliServices.StartAsync(parse, CancellationToken.None);
        var runner = services.GetRequiredService<CampaignRunner>();
        CampaignRunResult result;
        try
        {
            result = await runner.RunAsync(campaign, options, new ConsoleRunObserver(output), cancel.Token);
        }
        catch (InvalidOperationException e) when (e.Message.StartsWith("another StreamLab", StringComparison.Ordinal))
        {
            await error.WriteLineAsync($"error: {e.Message}");
            return 1;
        }
        SummaryTable.Print(campaign, result, output);
        if (result.Cancelled)
        {
            return 130;
        }
        return gate.Gates.Count == 0 ? 0 : await JudgeAsync(campaign, gate, services.GetRequiredService<IResultStore>(), output);
    }

    /// <summary>Runs the gates over what is stored now, prints every failed check, writes the JUnit file; 0 or <see cref="GateFailed"/>.</summary>
    private static async Task<int> JudgeAsync(Campaign campaign, GateRequest gate, IResultStore store, TextWriter output)
    {
        var cases = new List<GateCase>();
        if (gate.Gates.Contains(TargetsGate.Suite))
        {
            cases.AddRange(TargetsGate.Judge(await TargetsService.BuildAsync(store, campaign.Name, version: null)));
        }
        var failed = cases.Where(c => c.Failed).ToList();
        output.WriteLine();
        foreach (var c in failed)
        {
            output.WriteLine($"gate {c.Suite} FAILED: {c.Failure}");
        }
        output.WriteLine(cases.Count == 0
            ? "gate: nothing to check (the campaign has no targets); failing, a gate that checks nothing must not pass"
            : $"gate: {cases.Count - failed.Count} of {cases.Count} check(s) passed{(failed.Count > 0 ? $", {failed.Count} failed" : "")}");
        if (gate.Junit is { } path)
        {
            await JunitReport.WriteAsync(path, JunitReport.Build(campaign.Name, cases, DateTimeOffset.UtcNow), CancellationToken.None);
            output.WriteLine($"JUnit XML: {path}");
        }
        return failed.Count > 0 || cases.Count == 0 ? GateFailed : 0;
    }
}
