using System.CommandLine;
using StreamLab.Core.Import;
using StreamLab.Core.Storage;

namespace StreamLab.Web.Cli;

/// <summary><c>streamlab export RECORD DIR</c>: a record as a harness run folder (meta.env, frames.csv, prom.tsv, events.csv).</summary>
internal static class ExportCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var id = new Argument<long>("record") { Description = "Record id (see `streamlab records`)" };
        var dir = new Argument<string>("dir") { Description = "Folder to write (created; must not hold those files yet)" };
        var command = new Command("export", "Write a record as a run folder that `streamlab import` reads back") { id, dir };
        command.SetAction(async (parse, ct) =>
        {
            await using var services = await CliServices.StartAsync(parse, ct);
            var store = services.GetRequiredService<IResultStore>();
            var record = await store.GetRecordAsync(parse.GetValue(id), ct);
            if (record is null)
            {
                await error.WriteLineAsync($"error: no record {parse.GetValue(id)}");
                return StreamLabCli.InvalidInput;
            }
            var raw = await store.LoadRawAsync(record.Id, ct);
            var target = Path.GetFullPath(parse.GetRequiredValue(dir));
            try
            {
                await RecordExporter.ExportAsync(record, raw, target, ct);
            }
            catch (IOException e)
            {
                await error.WriteLineAsync($"error: {e.Message}");
                return StreamLabCli.InvalidInput;
            }
            await output.WriteLineAsync($"exported record {record.Id} to {target}: {raw.Frames.Count} frames, {raw.Samples.Count} samples, {raw.Events.Count} events");
            return 0;
        });
        return command;
    }
}
