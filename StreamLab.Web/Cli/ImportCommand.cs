using System.CommandLine;
using StreamLab.Collectors.Import;

namespace StreamLab.Web.Cli;

/// <summary><c>streamlab import DIR… [--campaign NAME] [--lenient] [--counter SEL]…</c>: harness run folders become records.</summary>
internal static class ImportCommand
{
    /// <summary>How many problems are printed per rejected folder (all are counted).</summary>
    public const int ProblemsShown = 20;

    public static Command Create(TextWriter output, TextWriter error)
    {
        var dirs = new Argument<string[]>("dirs") { Description = "Run folders (meta.env + frames.csv/prom.tsv/events.csv)", Arity = ArgumentArity.OneOrMore };
        var campaign = new Option<string?>("--campaign") { Description = "Campaign to import into (default: the folders' common parent folder name)" };
        var lenient = new Option<bool>("--lenient") { Description = "Import skipping malformed data lines instead of rejecting the folder" };
        var counters = new Option<string[]>("--counter") { Description = "Counter to summarise as _delta/_rate, as in collect.counters (repeatable)" };
        var command = new Command("import", "Import harness run folders as records of one campaign") { dirs, campaign, lenient, counters };
        command.SetAction(async (parse, ct) =>
        {
            var options = new ImportOptions(parse.GetValue(campaign), parse.GetValue(lenient), parse.GetValue(counters) ?? []);
            if (options.Problems() is { Count: > 0 } problems)
            {
                foreach (var problem in problems)
                {
                    await error.WriteLineAsync($"error: --{problem}");
                }
                return StreamLabCli.InvalidInput;
            }
            await using var services = await CliServices.StartAsync(parse, ct);
            var report = await services.GetRequiredService<RunFolderImporter>().ImportAsync(parse.GetRequiredValue(dirs), options, ct);
            await PrintAsync(report, output, error);
            return report.AllImported ? 0 : StreamLabCli.InvalidInput;
        });
        return command;
    }

    private static async Task PrintAsync(ImportReport report, TextWriter output, TextWriter error)
    {
        foreach (var folder in report.Folders)
        {
            if (!folder.Imported)
            {
                await error.WriteLineAsync($"rejected {folder.Directory}: {folder.ProblemCount} problem(s); nothing of it was stored");
                foreach (var problem in folder.Problems.Take(ProblemsShown))
                {
                    await error.WriteLineAsync($"  {problem}");
                }
                if (folder.ProblemCount > ProblemsShown)
                {
                    await error.WriteLineAsync($"  … and {folder.ProblemCount - ProblemsShown} more");
                }
                continue;
            }
            await output.WriteLineAsync($"imported {folder.Directory} as record {folder.RecordId} of {report.Campaign}: " +
                $"{Format.Point(folder.PointKey)} rep {folder.Repetition}, {folder.Frames} frames, {folder.Samples} samples, {folder.Events} events" +
                (folder.WindowDerived ? "; window derived from the data (no T0_US/T1_US in meta.env)" : "") +
                (folder.ProblemCount > 0 ? $"; {folder.ProblemCount} bad line(s) skipped (--lenient), first: {folder.Problems[0]}" : ""));
            foreach (var note in folder.Notes)
            {
                await output.WriteLineAsync($"  note: {note}");
            }
        }
    }
}
