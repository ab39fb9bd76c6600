using StreamLab.Core.Matrix;
using StreamLab.Core.Metrics;
using StreamLab.Core.Running;

namespace StreamLab.Web.Cli;

/// <summary>A progress line per record, with the ETA of the rest of the campaign.</summary>
internal sealed class ConsoleRunObserver(TextWriter output) : ICampaignRunObserver
{
    public void OnRecordStarting(PlannedRun run, RunProgress progress)
    {
        var eta = progress.Eta is { } e ? $"  (campaign ETA {Format.Duration(e)})" : "";
        output.WriteLine($"[{progress.Done + 1}/{progress.Total}] {Format.Point(run.Point.Key)} rep {run.Repetition}{eta}");
    }

    public void OnRecordFinished(RecordOutcome outcome, RunProgress progress)
    {
        var metrics = string.Join("  ", HeadlineMetrics.For(outcome.Summary)
            .Where(outcome.Summary.ContainsKey)
            .Select(m => $"{m}={MetricCatalogue.Describe(m).FormatValue(outcome.Summary[m])}"));
        var reason = outcome.Reason is null ? "" : $"  ({outcome.Reason})";
        output.WriteLine($"      record {outcome.RecordId} {outcome.Status.ToString().ToLowerInvariant()} in {Format.Duration(outcome.Took)}  {metrics}{reason}");
    }
}
