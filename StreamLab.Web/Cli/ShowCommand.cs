using System.CommandLine;
using System.Text.Json;
using StreamLab.Core.Metrics;
using StreamLab.Core.Storage;

namespace StreamLab.Web.Cli;

/// <summary><c>streamlab show ID [--json]</c>: one record in full.</summary>
internal static class ShowCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var id = new Argument<long>("id") { Description = "Record id (see `streamlab records`)" };
        var json = new Option<bool>("--json") { Description = "As JSON" };
        var command = new Command("show", "Show one record: parameters, status, window, host and summary") { id, json };
        command.SetAction(async (parse, ct) =>
        {
            await using var services = await CliServices.StartAsync(parse, ct);
            var record = await services.GetRequiredService<IResultStore>().GetRecordAsync(parse.GetValue(id), ct);
            if (record is null)
            {
                await error.WriteLineAsync($"error: no record {parse.GetValue(id)}");
                return StreamLabCli.InvalidInput;
            }
            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(RecordJson.From(record), RecordJson.Options));
                return 0;
            }
            Print(record, output);
            return 0;
        });
        return command;
    }

    private static void Print(RecordView r, TextWriter output)
    {
        output.WriteLine($"record {r.Id}  campaign {r.Campaign}  point {Format.Point(r.PointKey)}  repetition {r.Repetition}");
        output.WriteLine($"status    {r.Status.ToString().ToLowerInvariant()}{(r.Reason is null ? "" : $": {r.Reason}")}");
        output.WriteLine($"started   {r.StartedAt:u}   ended {(r.EndedAt is { } e ? e.ToString("u", System.Globalization.CultureInfo.InvariantCulture) : "-")}");
        if (r.T0Us is { } t0 && r.T1Us is { } t1)
        {
            output.WriteLine($"window    {Format.Duration(TimeSpan.FromMicroseconds(t1 - t0))} from T0={t0} to T1={t1} (µs since epoch)");
        }
        output.WriteLine($"folder    {r.RecordDir}");
        output.WriteLine("params    " + string.Join(" ", r.Params.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")));
        if (r.Host is { } h)
        {
            output.WriteLine($"host      {h.Hostname}, {h.CpuModel} × {h.CoreCount}, {h.MemoryMb} MB, kernel {h.Kernel}");
            output.WriteLine("tools     " + string.Join("; ", h.ToolVersions.Select(t => $"{t.Key} {t.Value}")));
        }
        if (r.Summary.Count == 0)
        {
            output.WriteLine("summary   (none)");
            return;
        }
        output.WriteLine();
        var width = r.Summary.Keys.Max(k => k.Length);
        foreach (var (name, value) in r.Summary.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            var d = MetricCatalogue.Describe(name);
            output.WriteLine($"{name.PadRight(width)}  {d.FormatValue(value),12} {d.Unit,-7} {d.Description}");
        }
    }
}
