using System.Diagnostics;
using Npgsql;

namespace StreamLab.Core.Storage.Postgres;

/// <summary>
/// The PostgreSQL half of <c>bench ingest --db URL</c>: the same synthetic rows through the bulk writer's binary COPY,
/// into a scratch database made on that server for the run and dropped after it; then bytes per row of each raw table
/// (<c>pg_total_relation_size</c>: heap, TOAST and indexes) from its growth while only that table was written.
/// </summary>
public static class PostgresIngestBenchmark
{
    private const int WarmupRows = 10_000;

    /// <param name="connectionString">A server where this user may create a database.</param>
    /// <param name="rows">Frame rows (samples: a fifth of them, events: a thousandth).</param>
    public static PostgresIngestMeasurement Run(string connectionString, int rows)
    {
        var scratch = $"streamlab_bench_{Environment.ProcessId}";
        Execute(connectionString, $"DROP DATABASE IF EXISTS \"{scratch}\"");
        Execute(connectionString, $"CREATE DATABASE \"{scratch}\"");
        var benchString = new NpgsqlConnectionStringBuilder(connectionString) { Database = scratch }.ConnectionString;
        try
        {
            using var database = new PostgresDatabase(benchString);
            var store = new ResultStore(database, Path.GetTempPath());
            var recordId = IngestBenchmark.PrepareRecord(store).GetAwaiter().GetResult();
            var warm = IngestBenchmark.PrepareRecord(store).GetAwaiter().GetResult();
            Write(database, WarmupRows, (w, i) => w.Add(IngestBenchmark.SyntheticFrame(warm, i)));
            Execute(benchString, $"DELETE FROM frames WHERE record_id = {warm}");
            Execute(benchString, "VACUUM frames");

            var sizes = new List<TableSize>();
            var before = Size(benchString, "frames");
            var elapsed = Write(database, rows, (w, i) => w.Add(IngestBenchmark.SyntheticFrame(recordId, i)));
            sizes.Add(new TableSize("frames", rows, Size(benchString, "frames") - before));
            foreach (var (table, count, add) in new (string, int, Action<IRawWriter, long>)[]
            {
                ("samples", rows / 5, (w, i) => w.Add(IngestBenchmark.SyntheticSample(recordId, i))),
                ("events", Math.Max(1, rows / 1000), (w, i) => w.Add(IngestBenchmark.SyntheticEvent(recordId, i))),
            })
            {
                before = Size(benchString, table);
                Write(database, count, add);
                sizes.Add(new TableSize(table, count, Size(benchString, table) - before));
            }
            return new PostgresIngestMeasurement(new IngestMeasurement(rows, elapsed, sizes[0].Bytes), sizes);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            Execute(connectionString, $"DROP DATABASE IF EXISTS \"{scratch}\" WITH (FORCE)");
        }
    }

    /// <summary>Adds rows through the bulk writer (binary COPY) and waits until they are committed.</summary>
    private static TimeSpan Write(PostgresDatabase database, int rows, Action<IRawWriter, long> add)
    {
        var writer = database.CreateRawWriter();
        try
        {
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < rows; i++) add(writer, i);
            writer.FlushAsync().GetAwaiter().GetResult();
            return sw.Elapsed;
        }
        finally
        {
            writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static long Size(string connectionString, string table)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand($"SELECT pg_total_relation_size('{table}')", connection);
        return (long)command.ExecuteScalar()!;
    }

    private static void Execute(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}

/// <summary>COPY rows/s of frames and the bytes per row of each raw table on PostgreSQL.</summary>
public sealed record PostgresIngestMeasurement(IngestMeasurement Copy, IReadOnlyList<TableSize> Tables);
