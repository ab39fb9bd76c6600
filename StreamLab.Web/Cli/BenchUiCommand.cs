using System.CommandLine;
using StreamLab.Web.Dashboard;

namespace StreamLab.Web.Cli;

/// <summary><c>streamlab bench ui</c>: server-side times of the matrix explorer and the record viewer over seeded data.</summary>
internal static class BenchUiCommand
{
    public static Command Create(TextWriter output)
    {
        var records = new Option<int>("--records") { Description = "Records in the matrix campaign", DefaultValueFactory = _ => 1_000 };
        var frames = new Option<int>("--frames") { Description = "Frames in the long record", DefaultValueFactory = _ => 1_000_000 };
        var large = new Option<int>("--large-frames") { Description = "Frames in the second record (24 clients); 0 leaves it out", DefaultValueFactory = _ => 10_000_000 };
        var runs = new Option<int>("--runs") { Description = "Timed runs per view (after one warm-up)", DefaultValueFactory = _ => 5 };
        var command = new Command("ui", "Dashboard server-side times: matrix explorer of N records, record viewer of an M-frame and an L-frame record")
        {
            records, frames, large, runs,
        };
        command.SetAction(async (parse, ct) =>
        {
            foreach (var (option, value) in new[] { (records, parse.GetValue(records)), (frames, parse.GetValue(frames)), (runs, parse.GetValue(runs)) })
            {
                if (value < 1)
                {
                    await output.WriteLineAsync($"error: {option.Name} must be at least 1, not {value}");
                    return StreamLabCli.InvalidInput;
                }
            }
            if (parse.GetValue(large) is var largeFrames and < 0)
            {
                await output.WriteLineAsync($"error: --large-frames must be 0 or more, not {largeFrames}");
                return StreamLabCli.InvalidInput;
            }
            var dir = Path.Combine(Path.GetTempPath(), $"streamlab-bench-ui-{Environment.ProcessId}");
            try
            {
                var timings = await UiBenchmark.RunAsync(dir, parse.GetValue(records), parse.GetValue(frames), parse.GetValue(runs), output, parse.GetValue(large));
                await output.WriteLineAsync(UiBenchmark.Format(timings));
            }
            finally
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(dir, recursive: true);
            }
            return 0;
        });
        return command;
    }
}
