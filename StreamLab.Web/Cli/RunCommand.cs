using System.CommandLine;
using System.Runtime.InteropServices;
using StreamLab.Core.Campaigns;
using StreamLab.Core.Matrix;
using StreamLab.Core.Running;

namespace StreamLab.Web.Cli;

/// <summary><c>streamlab run FILE [--dry-run] [--fresh]</c>: runs a campaign headless.</summary>
internal static class RunCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Argument<string>("file") { Description = "Campaign YAML file" };
        var dryRun = new Option<bool>("--dry-run") { Description = "List the points and the estimated time; run nothing" };
        var fresh = new Option<bool>("--fresh") { Description = "Delete this campaign's records and start over (default: resume)" };
        var command = new Command("run", "Run every point × repetition of a campaign") { file, dryRun, fresh };
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
            if (parse.GetValue(dryRun))
            {
                PrintDryRun(campaign, output);
                return 0;
            }
            return await RunAsync(campaign, new RunOptions(parse.GetValue(fresh)), parse, output, error);
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

    private static async Task<int> RunAsync(Campaign campaign, RunOptions options, ParseResult parse, TextWriter output, TextWriter error)
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
        return result.Cancelled ? 130 : 0;
    }
}
