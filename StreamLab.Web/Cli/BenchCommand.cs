using System.CommandLine;
using StreamLab.Collectors.Quality;
using StreamLab.Collectors.Stamps;
using StreamLab.Collectors.Import;
using StreamLab.Core.Storage;
using StreamLab.Core.Storage.Postgres;

namespace StreamLab.Web.Cli;

/// <summary><c>streamlab bench ingest|stamps|import|relay|ui|overhead</c>: prints measured figures side by side in one run.</summary>
internal static class BenchCommand
{
    public static Command Create(TextWriter output)
    {
        var rows = new Option<int>("--rows") { Description = "Frame rows to insert each way", DefaultValueFactory = _ => 2_000_000 };
        var ingest = new Command("ingest", "Frame rows/s into SQLite: bulk writer beside a plain prepared insert; bytes per row of each raw table; " +
            "with --db, PostgreSQL's binary COPY beside them (in a scratch database made and dropped on that server)") { rows };
        ingest.SetAction(parse =>
        {
            var dir = Path.Combine(Path.GetTempPath(), $"streamlab-bench-{Environment.ProcessId}");
            Directory.CreateDirectory(dir);
            try
            {
                var result = IngestBenchmark.Run(dir, parse.GetValue(rows), tables: true);
                // Only an explicit --db / STREAMLAB_DB adds PostgreSQL; the SQLite figures never use the data folder.
                if (StreamLabCli.Database(parse, dir) is { Provider: StoreProvider.Postgres } pg)
                {
                    result = result with { Postgres = PostgresIngestBenchmark.Run(pg.ConnectionString, parse.GetValue(rows)) };
                }
                output.WriteLine(result);
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
            return 0;
        });
        var stampFrames = new Option<int>("--frames") { Description = "Frames per resolution and content", DefaultValueFactory = _ => 200 };
        var quality = new Option<int>("--quality") { Description = "JPEG quality", DefaultValueFactory = _ => 75 };
        var x264Kbps = new Option<int>("--x264-kbps") { Description = "x264 bitrate of the round trip (kbit/s)", DefaultValueFactory = _ => 1000 };
        var x264Frames = new Option<int>("--x264-frames") { Description = "Frames per row through x264", DefaultValueFactory = _ => 90 };
        var stamps = new Command("stamps", "Quality measurement cost (PSNR + SSIM), stamp generation and reading (through JPEG and x264), grey JPEG encode/decode")
        {
            stampFrames, quality, x264Kbps, x264Frames,
        };
        stamps.SetAction(parse =>
        {
            output.WriteLine(QualityBenchmark.Run(Math.Max(10, parse.GetValue(stampFrames) / 2), parse.GetValue(quality)));
            output.WriteLine(StampBenchmark.Run(parse.GetValue(stampFrames), parse.GetValue(quality), parse.GetValue(x264Kbps), parse.GetValue(x264Frames)));
            return 0;
        });
        var frames = new Option<int>("--frames") { Description = "Frames in the generated run folder", DefaultValueFactory = _ => 1_000_000 };
        var import = new Command("import", "Rows/s importing a generated run folder, beside the bulk writer's raw rate") { frames };
        import.SetAction(parse =>
        {
            var dir = Path.Combine(Path.GetTempPath(), $"streamlab-bench-import-{Environment.ProcessId}");
            try
            {
                output.WriteLine(ImportBenchmark.Run(dir, parse.GetValue(frames)));
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
            return 0;
        });
        return new Command("bench", "Benchmarks that print figures") { ingest, stamps, import, RelayBenchCommand.Create(output), BenchUiCommand.Create(output),
            BenchOverheadCommand.Create(output) };
    }
}
