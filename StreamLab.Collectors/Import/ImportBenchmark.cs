using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using StreamLab.Core.Import;
using StreamLab.Core.Storage;

namespace StreamLab.Collectors.Import;

/// <summary>
/// <c>streamlab bench import</c>: rows/s importing a generated run folder (parse, summary and one
/// transaction of inserts), beside the bulk writer's raw insert rate measured in the same run.
/// </summary>
public static class ImportBenchmark
{
    private const long T0Us = 1_700_000_000_000_000;

    public static ImportBenchmarkResult Run(string dir, int frames)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frames);
        var data = Path.Combine(dir, "data");
        var store = ResultStore.OpenSqlite(data);
        store.MigrateAsync().GetAwaiter().GetResult();
        var importer = new RunFolderImporter(new RecordImporter(store, TimeProvider.System), NullLogger<RunFolderImporter>.Instance);
        try
        {
            // Warm the JIT and SQLite on a small folder so the measured import pays none of it.
            var warm = Generate(Path.Combine(dir, "warmup"), Math.Min(frames, 10_000));
            importer.ImportAsync([warm], new ImportOptions("bench-warmup")).GetAwaiter().GetResult();

            var folder = Generate(Path.Combine(dir, "run"), frames);
            var bytes = Directory.GetFiles(folder).Sum(f => new FileInfo(f).Length);
            var clock = Stopwatch.StartNew();
            var parsed = RunFolderReader.Scan(folder);
            var parse = clock.Elapsed;
            clock.Restart();
            var report = importer.ImportAsync([folder], new ImportOptions("bench")).GetAwaiter().GetResult();
            var total = clock.Elapsed;
            var outcome = report.Folders.Single();
            if (!outcome.Imported)
            {
                throw new InvalidOperationException("the generated folder was rejected: " + string.Join("; ", outcome.Problems));
            }
            var rows = parsed.Counts.Frames + parsed.Counts.Samples + parsed.Counts.Events;
            var ingest = IngestBenchmark.Run(Path.Combine(dir, "ingest"), frames);
            return new ImportBenchmarkResult(frames, rows, bytes, parse, total, ingest);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
        }
    }

    /// <summary>A run folder like a harness writes: 30 fps frames with sizes, a scrape of 4 series a second, a few events.</summary>
    public static string Generate(string folder, int frames)
    {
        Directory.CreateDirectory(folder);
        var c = CultureInfo.InvariantCulture;
        var seconds = frames / 30 + 1;
        File.WriteAllText(Path.Combine(folder, RunFolderLayout.Meta),
            $"BITRATE=4000\nCODEC=h264\nT0_US={T0Us + 2_000_000}\nT1_US={T0Us + (long)seconds * 1_000_000}\n");
        using (var writer = new StreamWriter(Path.Combine(folder, RunFolderLayout.Frames), false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" })
        {
            writer.WriteLine("recv_wall_us,frame_id,user_timestamp_us,width,height,size_bytes,decode_us");
            for (var i = 0; i < frames; i++)
            {
                var f = IngestBenchmark.SyntheticFrame(0, i);
                writer.WriteLine(string.Create(c, $"{f.RecvWallUs},{f.FrameId},{f.UserTimestampUs},{f.Width},{f.Height},{f.SizeBytes},{f.DecodeUs}"));
            }
        }
        using (var writer = new StreamWriter(Path.Combine(folder, RunFolderLayout.Samples), false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" })
        {
            for (var s = 0; s < seconds; s++)
            {
                var t = T0Us + s * 1_000_000L;
                writer.WriteLine(string.Create(c, $"{t}\tlivekit_nack_total{{track=\"v1\"}}\t{s * 3}"));
                writer.WriteLine(string.Create(c, $"{t}\tcpu_pct{{role=\"server\"}}\t{20 + s % 5}"));
                writer.WriteLine(string.Create(c, $"{t}\tqueue_depth\t{s % 11}"));
                writer.WriteLine(string.Create(c, $"{t}\tlatency_seconds_bucket{{le=\"+Inf\"}}\t{s * 30}"));
            }
        }
        File.WriteAllText(Path.Combine(folder, RunFolderLayout.Events),
            $"wall_us,event\n{T0Us + 5_000_000},burst_on\n{T0Us + 10_000_000},burst_off\n");
        return folder;
    }
}

/// <summary>Figures of one import benchmark run.</summary>
public sealed record ImportBenchmarkResult(int Frames, long Rows, long Bytes, TimeSpan Parse, TimeSpan Total, IngestBenchmarkResult Ingest)
{
    public double RowsPerSecond => Rows / Total.TotalSeconds;

    public override string ToString()
    {
        var c = CultureInfo.InvariantCulture;
        return string.Join(Environment.NewLine,
            string.Format(c, "import of a run folder: {0:N0} frames, {1:N0} rows in all, {2:N1} MB of files", Frames, Rows, Bytes / 1e6),
            string.Format(c, "{0,-44} {1,12} {2,9}", "step", "rows/s", "seconds"),
            string.Format(c, "{0,-44} {1,12:N0} {2,9:F2}", "parse only (meta.env, frames.csv, prom.tsv…)", Rows / Parse.TotalSeconds, Parse.TotalSeconds),
            string.Format(c, "{0,-44} {1,12:N0} {2,9:F2}", "import: parse + summary + one transaction", RowsPerSecond, Total.TotalSeconds),
            string.Format(c, "{0,-44} {1,12:N0} {2,9:F2}", "bulk writer raw frame inserts (same run)", Ingest.Bulk.RowsPerSecond, Ingest.Bulk.Elapsed.TotalSeconds),
            string.Format(c, "import / bulk writer: {0:F2}x", RowsPerSecond / Ingest.Bulk.RowsPerSecond),
            "",
            Ingest.ToString());
    }
}
