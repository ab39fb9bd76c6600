using System.CommandLine;
using System.Text.Json;
using StreamLab.Core.Metrics;
using StreamLab.Core.Storage;

namespace StreamLab.Web.Cli;

/// <summary><c>streamlab records [--campaign NAME] [--json]</c>: records with params, status, reason and summary.</summary>
internal static class RecordsCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var campaign = new Option<string?>("--campaign") { Description = "Only this campaign's records" };
        var json = new Option<bool>("--json") { Description = "A JSON array with every field and summary metric" };
        var command = new Command("records", "List records") { campaign, json };
        command.SetAction(async (parse, ct) =>
        {
            await using var services = await CliServices.StartAsync(parse, ct);
            var store = services.GetRequiredService<IResultStore>();
            var name = parse.GetValue(campaign);
            if (name is not null && await store.FindCampaignAsync(name, ct) is null)
            {
                await error.WriteLineAsync($"error: no campaign named '{name}'");
                return StreamLabCli.InvalidInput;
            }
            var records = await store.ListRecordsAsync(name, ct);
            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(records.Select(RecordJson.From), RecordJson.Options));
                return 0;
            }
            if (records.Count == 0)
            {
                await output.WriteLineAsync("no records yet: run a campaign with `streamlab run FILE`");
                return 0;
            }
            var headline = HeadlineMetrics.For(records.Select(r => r.Summary));
            var rows = records.Select(r => new[]
            {
                r.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Campaign, Format.Point(r.PointKey),
                r.Repetition.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Status.ToString().ToLowerInvariant(),
            }.Concat(headline.Select(m => r.Summary.TryGetValue(m, out var v) ? MetricCatalogue.Describe(m).FormatValue(v) : "-"))
             .Append(Truncate(r.Reason, 60)).ToArray()).ToList();
            TextTable.Write(output, ["id", "campaign", "point", "rep", "status"], [.. headline, "reason"], rows);
            return 0;
        });
        return command;
    }

    private static string Truncate(string? s, int max) => s is null ? "" : s.Length <= max ? s : s[..(max - 1)] + "…";
}

/// <summary>The JSON shape of a record for <c>records --json</c> and <c>show --json</c>.</summary>
internal static class RecordJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static object From(RecordView r) => new
    {
        id = r.Id,
        campaign = r.Campaign,
        point = r.PointKey,
        @params = r.Params,
        repetition = r.Repetition,
        status = r.Status.ToString().ToLowerInvariant(),
        reason = r.Reason,
        started_at = r.StartedAt,
        ended_at = r.EndedAt,
        t0_us = r.T0Us,
        t1_us = r.T1Us,
        record_dir = r.RecordDir,
        host = r.Host,
        summary = r.Summary,
    };
}
