using System.CommandLine;

namespace StreamLab.Web.Cli;

/// <summary><c>streamlab bench overhead</c>: StreamLab's own CPU while it records the demo stack at 30, 60, 240 fps and with 16 files.</summary>
internal static class BenchOverheadCommand
{
    public static Command Create(TextWriter output)
    {
        var seconds = new Option<int>("--seconds") { Description = "Measurement window of each record", DefaultValueFactory = _ => 20 };
        var command = new Command("overhead", "StreamLab's CPU per second of measurement window recording a small Python stack, beside the roles' CPU") { seconds };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(seconds) is var window and < 2)
            {
                await output.WriteLineAsync($"error: --seconds must be at least 2, not {window}");
                return StreamLabCli.InvalidInput;
            }
            if (OverheadBenchmark.FindDemoStack() is not { } stack)
            {
                await output.WriteLineAsync("error: campaigns/stacks/demo (server.py, client.py) not found above the app's folder or the current one");
                return StreamLabCli.InvalidInput;
            }
            var dir = Path.Combine(Path.GetTempPath(), $"streamlab-bench-overhead-{Environment.ProcessId}");
            try
            {
                var results = await OverheadBenchmark.RunAsync(dir, stack, OverheadBenchmark.Cases, TimeSpan.FromSeconds(parse.GetValue(seconds)), output, ct);
                await output.WriteLineAsync(OverheadBenchmark.Format(results));
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
            return 0;
        });
        return command;
    }
}
