using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using StreamLab.Core.Campaigns;
using StreamLab.Core.Raw;

namespace StreamLab.Core.Storage;

/// <summary>
/// <c>streamlab bench ingest</c>: frame rows through <see cref="BulkWriter"/> versus one prepared
/// SqliteCommand reused inside one transaction, each on a fresh database with the real schema; then the bytes per
/// row of each raw table, from the file's growth while samples and then events are added to the bulk writer's file.
/// </summary>
public static class IngestBenchmark
{
    private const int WarmupRows = 10_000;
    private const long T0Us = 1_700_000_000_000_000;

    /// <param name="dir">A scratch folder for the database files.</param>
    /// <param name="rows">Frame rows each way.</param>
    /// <param name="tables">Also add samples (a fifth of the frame rows) and events (a thousandth) and measure each table.</param>
    public static IngestBenchmarkResult Run(string dir, int rows, bool tables = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        Directory.CreateDirectory(dir);
        // Warm both paths (JIT, SQLite library load) on throwaway files so neither pays it in the numbers.
        Measure(dir, "warmup-bulk", Math.Min(rows, WarmupRows), InsertBulk);
        Measure(dir, "warmup-prepared", Math.Min(rows, WarmupRows), InsertPrepared);
        var bulk = Measure(dir, "ingest-bulk", rows, InsertBulk);
        var prepared = Measure(dir, "ingest-prepared", rows, InsertPrepared);
        var sizes = tables ? TableSizes(Path.Combine(dir, "ingest-bulk.db"), bulk, rows) : [];
        return new IngestBenchmarkResult(rows, bulk, prepared) { Tables = sizes };
    }

    /// <summary>The synthetic frame <paramref name="i"/>: 30 fps, 1280×720, with sizes and decode times.</summary>
    public static FrameRow SyntheticFrame(long recordId, long i) => new(
        recordId, T0Us + i * 33_333, i, T0Us + i * 33_333 - 40_000, 1280, 720,
        SizeBytes: 18_000 + i % 7_919, DecodeUs: 1_500 + i % 613 * 0.5);

    /// <summary>The synthetic sample <paramref name="i"/>: six series (CPU and memory of two roles and the system) once a second.</summary>
    public static SampleRow SyntheticSample(long recordId, long i) => new(
        recordId, SampleSeries[i % SampleSeries.Length], T0Us + i / SampleSeries.Length * 1_000_000, 10 + i % 977 * 0.37, i < 60);

    private static readonly string[] SampleSeries =
        ["cpu_pct{role=\"server\"}", "rss_mb{role=\"server\"}", "cpu_pct{role=\"client\"}", "rss_mb{role=\"client\"}", "system_cpu_pct", "system_mem_mb"];

    /// <summary>The synthetic event <paramref name="i"/>: bursts on and off every 3 s.</summary>
    public static EventRow SyntheticEvent(long recordId, long i) =>
        new(recordId, T0Us + i * 3_000_000L, i % 2 == 0 ? "burst_on" : "burst_off", i % 4 == 0 ? "rate=2M" : null);

    /// <summary>Bytes of each raw table: the file's growth (after a full checkpoint) while only that table was written.</summary>
    private static List<TableSize> TableSizes(string path, IngestMeasurement frames, int frameRows)
    {
        var connectionString = SqliteSetup.ConnectionString(path);
        try
        {
            var sizes = new List<TableSize> { new("frames", frameRows, frames.Bytes - frames.EmptyBytes) };
            var before = frames.Bytes;
            foreach (var (table, rows, add) in new (string, int, Action<IRawWriter, long, int>)[]
            {
                ("samples", frameRows / 5, (w, record, i) => w.Add(SyntheticSample(record, i))),
                ("events", Math.Max(1, frameRows / 1000), (w, record, i) => w.Add(SyntheticEvent(record, i))),
            })
            {
                var writer = new BulkWriter(connectionString);
                try
                {
                    for (var i = 0; i < rows; i++) add(writer, 1, i);
                    writer.FlushAsync().GetAwaiter().GetResult();
                }
                finally
                {
                    writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
                }
                var after = CheckpointedSize(connectionString, path);
                sizes.Add(new TableSize(table, rows, after - before));
                before = after;
            }
            return sizes;
        }
        finally
        {
            SqliteConnection.ClearPool(new SqliteConnection(connectionString));
        }
    }

    private static long CheckpointedSize(string connectionString, string path)
    {
        using (var connection = SqliteSetup.Open(connectionString))
        using (var checkpoint = connection.CreateCommand())
        {
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            checkpoint.ExecuteNonQuery();
        }
        return FileSize(path) + FileSize(path + "-wal");
    }

    private static IngestMeasurement Measure(string dir, string name, int rows, Func<string, long, int, TimeSpan> insert)
    {
        var path = Path.Combine(dir, name + ".db");
        DeleteDatabase(path);
        var store = new ResultStore(SqliteSetup.ConnectionString(path));
        long recordId;
        try
        {
            recordId = PrepareRecord(store).GetAwaiter().GetResult();
            var empty = CheckpointedSize(store.ConnectionString, path);
            var elapsed = insert(store.ConnectionString, recordId, rows);
            return new IngestMeasurement(rows, elapsed, CheckpointedSize(store.ConnectionString, path)) { EmptyBytes = empty };
        }
        finally
        {
            SqliteConnection.ClearPool(new SqliteConnection(store.ConnectionString));
            if (name.StartsWith("warmup", StringComparison.Ordinal)) DeleteDatabase(path);
        }
    }

    internal static async Task<long> PrepareRecord(ResultStore store)
    {
        await store.MigrateAsync();
        var campaignId = await store.UpsertCampaignAsync(new Campaign
        {
            Name = "bench-ingest",
            Duration = TimeSpan.FromSeconds(1),
            Matrix = [],
            Roles = [],
        });
        var host = new HostFingerprint(Environment.MachineName, Environment.OSVersion.VersionString, "", Environment.ProcessorCount, 0,
            new Dictionary<string, string>());
        return await store.StartRecordAsync(new NewRecord(campaignId, "bench", new Dictionary<string, string>(), 0, DateTimeOffset.UtcNow, host));
    }

    private static TimeSpan InsertBulk(string connectionString, long recordId, int rows)
    {
        var writer = new BulkWriter(connectionString);
        try
        {
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < rows; i++) writer.Add(SyntheticFrame(recordId, i));
            writer.FlushAsync().GetAwaiter().GetResult();
            return sw.Elapsed;
        }
        finally
        {
            writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>The baseline from PLATFORM.md: one prepared INSERT, parameters reused, one transaction.</summary>
    private static TimeSpan InsertPrepared(string connectionString, long recordId, int rows)
    {
        using var connection = SqliteSetup.Open(connectionString);
        var sw = Stopwatch.StartNew();
        using var tx = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = "INSERT INTO frames (record_id, recv_wall_us, seq, frame_id, latency_us, width, height, size_bytes, decode_us, encode_us, quality, psnr_db, ssim) " +
            "VALUES ($record_id, $recv_wall_us, 0, $frame_id, $latency_us, $width, $height, $size_bytes, $decode_us, $encode_us, $quality, $psnr_db, $ssim)";
        var p = new SqliteParameter[12];
        string[] names = ["$record_id", "$recv_wall_us", "$frame_id", "$latency_us", "$width", "$height", "$size_bytes", "$decode_us", "$encode_us", "$quality", "$psnr_db", "$ssim"];
        for (var j = 0; j < p.Length; j++) p[j] = command.Parameters.Add(names[j], j < 7 ? SqliteType.Integer : SqliteType.Real);
        command.Prepare();
        for (var i = 0; i < rows; i++)
        {
            var f = SyntheticFrame(recordId, i);
            p[0].Value = f.RecordId;
            p[1].Value = f.RecvWallUs;
            p[2].Value = f.FrameId;
            p[3].Value = f.UserTimestampUs is { } user ? f.RecvWallUs - user : DBNull.Value;
            p[4].Value = f.Width;
            p[5].Value = f.Height;
            p[6].Value = (object?)f.SizeBytes ?? DBNull.Value;
            p[7].Value = (object?)f.DecodeUs ?? DBNull.Value;
            p[8].Value = (object?)f.EncodeUs ?? DBNull.Value;
            p[9].Value = (object?)f.Quality ?? DBNull.Value;
            p[10].Value = (object?)f.PsnrDb ?? DBNull.Value;
            p[11].Value = (object?)f.Ssim ?? DBNull.Value;
            command.ExecuteNonQuery();
        }
        tx.Commit();
        return sw.Elapsed;
    }

    private static long FileSize(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;

    private static void DeleteDatabase(string path)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm" }) File.Delete(file);
    }
}

/// <summary>One ingest run: rows, wall time from first row to durable, and the file size it left.</summary>
public sealed record IngestMeasurement(int Rows, TimeSpan Elapsed, long Bytes)
{
    /// <summary>The file with its schema and one record, before any row.</summary>
    public long EmptyBytes { get; init; }

    public double RowsPerSecond => Rows / Elapsed.TotalSeconds;

    /// <summary>The rows' share of the file (its growth while they were written) per row.</summary>
    public double BytesPerRow => (double)(Bytes - EmptyBytes) / Rows;
}

/// <summary>What one raw table (its b-trees: the table and its indexes) takes for the rows written to it.</summary>
public sealed record TableSize(string Table, long Rows, long Bytes)
{
    public double BytesPerRow => (double)Bytes / Rows;
}

/// <summary>The outcome of <see cref="IngestBenchmark.Run"/>, printable as a small table.</summary>
public sealed record IngestBenchmarkResult(int Rows, IngestMeasurement Bulk, IngestMeasurement Prepared)
{
    /// <summary>Bulk writer speed over the prepared-insert baseline (goal: ≥ 2).</summary>
    public double SpeedRatio => Bulk.RowsPerSecond / Prepared.RowsPerSecond;

    /// <summary>Bytes per row of each raw table, when measured.</summary>
    public IReadOnlyList<TableSize> Tables { get; init; } = [];

    /// <summary>The same rows through PostgreSQL's binary COPY (<c>--db</c>), when measured.</summary>
    public Postgres.PostgresIngestMeasurement? Postgres { get; init; }

    public override string ToString()
    {
        var c = CultureInfo.InvariantCulture;
        var pgTables = Postgres?.Tables.ToDictionary(t => t.Table) ?? [];
        string PgBytes(TableSize t) => pgTables.TryGetValue(t.Table, out var p) ? string.Format(c, " {0,14:N0} {1,8:F1}", p.Bytes, p.BytesPerRow) : "";
        var tables = Tables.Count == 0 ? [] : Tables.Select(t => string.Format(c, "{0,-10} {1,12:N0} {2,14:N0} {3,8:F1}", t.Table, t.Rows, t.Bytes, t.BytesPerRow) + PgBytes(t))
            .Prepend(string.Format(c, "{0,-10} {1,12} {2,14} {3,8}", "table", "rows", "SQLite bytes", "B/row") + (Postgres is null ? "" : string.Format(c, " {0,14} {1,8}", "PG bytes", "B/row")))
            .Prepend("bytes of each raw table with its indexes (SQLite: the file's growth while only that table was written" +
                     (Postgres is null ? "):" : "; PostgreSQL: pg_total_relation_size growth, heap + TOAST + indexes):"));
        return string.Join(Environment.NewLine, new[] {
            string.Format(c, "ingest of {0:N0} frame rows (SQLite, WAL, synchronous=NORMAL, frames keyed by record_id, recv_wall_us, seq)", Rows),
            string.Format(c, "{0,-34} {1,12} {2,10} {3,9}", "method", "rows/s", "B/row", "seconds"),
            Line("bulk writer (multi-row, batched)", Bulk),
            Line("prepared INSERT, one transaction", Prepared),
            string.Format(c, "bulk / prepared: {0:F2}x speed, {1:F2}x bytes per row", SpeedRatio, Bulk.BytesPerRow / Prepared.BytesPerRow),
        }.Concat(Postgres is { } pg ? [
            Line("PostgreSQL binary COPY (bulk writer)", pg.Copy),
            string.Format(c, "COPY / SQLite bulk: {0:F2}x speed; COPY / SQLite prepared: {1:F2}x speed",
                pg.Copy.RowsPerSecond / Bulk.RowsPerSecond, pg.Copy.RowsPerSecond / Prepared.RowsPerSecond),
        ] : []).Concat(tables));

        string Line(string name, IngestMeasurement m) =>
            string.Format(c, "{0,-34} {1,12:N0} {2,10:F1} {3,9:F2}", name, m.RowsPerSecond, m.BytesPerRow, m.Elapsed.TotalSeconds);
    }
}
