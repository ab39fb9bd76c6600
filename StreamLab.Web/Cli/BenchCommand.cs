using System.CommandLine;
using StreamLab.Core.Storage;

namespace StreamLab.Web.Cli;

/// <summary><c>streamlab bench ingest</c>: prints measured figures side by side in one run.</summary>
internal static class BenchCommand
{
    public static Command Create(TextWriter output)
    {
        var rows = new Option<int>("--rows") { Description = "Frame rows to insert each way", DefaultValueFactory = _ => 2_000_000 };
        var ingest = new Command("ingest", "Frame rows/s into SQLite: bulk writer beside a plain prepared insert") { rows };
        ingest.SetAction(parse =>
        {
            var dir = Path.Combine(Path.GetTempPath(), $"streamlab-bench-{Environment.ProcessId}");
            Directory.CreateDirectory(dir);
            try
            {
                output.WriteLine(IngestBenchmark.Run(dir, parse.GetValue(rows)));
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
            return 0;
        });
        return new Command("bench", "Benchmarks that print figures") { ingest };
    }
}
