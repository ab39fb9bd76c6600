using System.CommandLine;
using System.Globalization;
using StreamLab.Core.Metrics;
using StreamLab.Core.Statistics;
using StreamLab.Core.Storage;

namespace StreamLab.Web.Cli;

/// <summary>
/// <c>streamlab power --campaign NAME [--effect 5%] [--metric M]…</c>: per matrix point and metric, what its succeeded
/// repetitions can tell apart (<see cref="RepetitionPower"/>: smallest detectable change at α = 0.05, power 0.8) and how
/// many repetitions a side a change of the chosen effect needs.
/// </summary>
internal static class PowerCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var campaign = new Option<string>("--campaign") { Description = "The campaign", Required = true };
        var effect = new Option<string>("--effect") { Description = "The change to detect, as a share of the mean: 5% (default) or 0.05", DefaultValueFactory = _ => "5%" };
        var metrics = new Option<string[]>("--metric") { Description = "Metrics to show (default: the headline metrics)" };
        var command = new Command("power", "Smallest detectable change and repetitions needed, per point") { campaign, effect, metrics };
        command.SetAction(async (parse, ct) =>
        {
            if (ParseEffect(parse.GetRequiredValue(effect)) is not { } share)
            {
                await error.WriteLineAsync($"error: --effect '{parse.GetValue(effect)}' is not a share of the mean: write e.g. 5% or 0.05 (above 0, at most 1000%).");
                return StreamLabCli.InvalidInput;
            }
            await using var services = await CliServices.StartAsync(parse, ct);
            var store = services.GetRequiredService<IResultStore>();
            var name = parse.GetRequiredValue(campaign);
            if (await store.FindCampaignAsync(name, ct) is null)
            {
                await error.WriteLineAsync($"error: no campaign named '{name}'");
                return StreamLabCli.InvalidInput;
            }
            var succeeded = (await store.ListRecordsAsync(name, ct)).Where(r => r.Status == RecordStatus.Succeeded).ToList();
            var shown = parse.GetValue(metrics) is { Length: > 0 } chosen ? chosen : HeadlineMetrics.For(succeeded.Select(r => r.Summary));
            var percent = (share * 100).ToString("0.##", CultureInfo.InvariantCulture);
            output.WriteLine($"campaign {name}: α = 0.05, power 0.8, two-sided t-test of as many repetitions again; effect {percent}% of the mean");
            var rows = new List<string[]>();
            foreach (var point in succeeded.GroupBy(r => r.PointKey, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                foreach (var metric in shown)
                {
                    var values = point.Where(r => r.Summary.ContainsKey(metric)).Select(r => r.Summary[metric]).ToList();
                    if (RepetitionPower.Of(values) is not { } power)
                    {
                        continue;
                    }
                    var descriptor = MetricCatalogue.Describe(metric);
                    var needed = power.RepetitionsForRelative(share);
                    rows.Add([Format.Point(point.Key), metric, power.N.ToString(CultureInfo.InvariantCulture), descriptor.FormatValue(power.Mean),
                        descriptor.FormatValue(power.StdDev), descriptor.FormatValue(power.DetectableChange),
                        power.DetectableRelative is { } r ? (r * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "-",
                        needed?.ToString(CultureInfo.InvariantCulture) ?? (power.Mean == 0 ? "-" : $">{RepetitionPower.MaxRepetitions}")]);
                }
            }
            if (rows.Count == 0)
            {
                output.WriteLine("no point has 2 or more succeeded repetitions of these metrics: nothing to estimate a spread from");
                return 0;
            }
            TextTable.Write(output, ["point", "metric"], ["n", "mean", "s", "detectable", "detectable %", $"reps for {percent}%"], rows);
            return 0;
        });
        return command;
    }

    /// <summary>"5%" → 0.05, "0.05" → 0.05; null unless in (0, 10].</summary>
    internal static double? ParseEffect(string text)
    {
        var trimmed = text.Trim();
        var isPercent = trimmed.EndsWith('%');
        if (!double.TryParse(isPercent ? trimmed[..^1] : trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return null;
        }
        var share = isPercent ? value / 100 : value;
        return share > 0 && share <= 10 && double.IsFinite(share) ? share : null;
    }
}
