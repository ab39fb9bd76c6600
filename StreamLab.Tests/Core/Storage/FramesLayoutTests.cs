using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using StreamLab.Core.Raw;
using StreamLab.Core.Storage;

namespace StreamLab.Tests.Core.Storage;

/// <summary>The frames table keyed by (record_id, recv_wall_us, seq): its shape, the seq of shared microseconds, the migration.</summary>
public sealed class FramesLayoutTests : IAsyncLifetime
{
    private const string BeforeFramesByArrival = "20261130232958_AddTargetVersions";
    private readonly StoreFixture _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public void Frames_IsAWithoutRowidTableWithNoSecondIndex()
    {
        // EF Core cannot express WITHOUT ROWID: a later migration that rebuilds frames through EF would lose it silently.
        var sql = _db.Scalar<string>("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'frames'");
        Assert.EndsWith("WITHOUT ROWID", sql.TrimEnd(';', ' ', '\n'));
        Assert.Contains("PRIMARY KEY (record_id, recv_wall_us, seq)", sql);
        Assert.Equal(0, _db.Count("SELECT COUNT(*) FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'frames'"));
    }

    [Fact]
    public async Task FramesSharingAMicrosecond_AreAllKept_WithinAStatementAndAcrossBatches()
    {
        var (_, id) = await _db.StartRecordAsync();
        // 120 frames in one microsecond (more than one 50-row statement), 16 "clients" each with the same times,
        // then the same microsecond again in a later transaction.
        var frames = new List<FrameRow>();
        frames.AddRange(Enumerable.Range(0, 120).Select(i => new FrameRow(id, 1_000, i, 900 - i, 2, 2)));
        frames.AddRange(Enumerable.Range(0, 16 * 100).Select(i => new FrameRow(id, 2_000 + i % 100 * 33, i % 100, 1_990 + i % 100 * 33, 4, 4, i)));
        await using (var writer = _db.Store.CreateRawWriter())
        {
            foreach (var f in frames) writer.Add(f);
            await writer.FlushAsync();
            for (var i = 0; i < 3; i++) writer.Add(new FrameRow(id, 1_000, 500 + i, null, 8, 8));
            await writer.FlushAsync();
        }
        frames.AddRange(Enumerable.Range(0, 3).Select(i => new FrameRow(id, 1_000, 500 + i, null, 8, 8)));

        var raw = await _db.Store.LoadRawAsync(id);
        Assert.Equal(frames.OrderBy(f => f.RecvWallUs).ThenBy(f => f.FrameId).ThenBy(f => f.SizeBytes), raw.Frames);
        Assert.Equal(123, _db.Count($"SELECT max(seq) + 1 FROM frames WHERE record_id = {id} AND recv_wall_us = 1000"));
        Assert.Equal(15, _db.Count($"SELECT max(seq) FROM frames WHERE record_id = {id} AND recv_wall_us = 2033"));
        var columns = await _db.Store.LoadFrameColumnsAsync(id);
        Assert.Equal(raw.Frames.Select(f => f.RecvWallUs), columns.RecvWallUs);
        Assert.Equal(raw.Frames.Select(f => f.UserTimestampUs ?? FrameColumns.NoStamp).Order(), columns.UserTimestampUs.Order());
    }

    [Fact]
    public async Task Migration_ConvertsOldFramesRowForRow_AndDownGivesTheOldTableBack()
    {
        var path = Path.Combine(_db.DataDir, "old.db");
        var store = new ResultStore(SqliteSetup.ConnectionString(path));
        await MigrateToAsync(store, BeforeFramesByArrival);
        var record = InsertRecord(path);
        FrameRow[] old =
        [
            new(record, 5_000, 7, 4_000, 1280, 720, 20_000, 1_500.5, 800, 75, 41.25),
            new(record, 5_000, 6, null, 1280, 720),
            new(record, 5_000, 6, 4_999, 640, 360, 1),
            new(record, 1_000, 1, long.MinValue + 5, 1, 1, null, double.Epsilon, -0.0, null, double.NegativeInfinity),
            new(record, 9_000, 9, 9_500, 2, 2),
        ];
        Execute(path, string.Join(";", old.Select(f => "INSERT INTO frames (record_id, recv_wall_us, frame_id, user_ts_us, width, height, size_bytes, decode_us, encode_us, quality, psnr_db) VALUES " +
            FormattableString.Invariant($"({f.RecordId}, {f.RecvWallUs}, {f.FrameId}, {Sql(f.UserTimestampUs)}, {f.Width}, {f.Height}, {Sql(f.SizeBytes)}, {Sql(f.DecodeUs)}, {Sql(f.EncodeUs)}, {Sql(f.Quality)}, {Sql(f.PsnrDb)})"))));
        var expected = Read(path, "SELECT record_id, recv_wall_us, frame_id, user_ts_us, width, height, size_bytes, decode_us, encode_us, quality, psnr_db FROM frames ORDER BY recv_wall_us, frame_id, id");

        await store.MigrateAsync();

        Assert.Equal(expected, (await store.LoadRawAsync(record)).Frames);
        Assert.Equal([0L, 1, 2], Read(path, "SELECT seq FROM frames WHERE recv_wall_us = 5000 ORDER BY seq").Select(f => f.RecordId));
        await MigrateToAsync(store, BeforeFramesByArrival);
        Assert.Equal(expected, Read(path, "SELECT record_id, recv_wall_us, frame_id, user_ts_us, width, height, size_bytes, decode_us, encode_us, quality, psnr_db FROM frames ORDER BY recv_wall_us, frame_id, id"));
        SqliteConnection.ClearAllPools();
    }

    private static async Task MigrateToAsync(ResultStore store, string migration)
    {
        var options = new DbContextOptionsBuilder<StreamLabDbContext>().UseSqlite(store.ConnectionString).Options;
        await using var db = new StreamLabDbContext(options);
        await db.GetService<IMigrator>().MigrateAsync(migration);
    }

    private static long InsertRecord(string path)
    {
        Execute(path, "INSERT INTO campaigns (name, yaml, source_path, created_at) VALUES ('old', 'name: old', 'old.yaml', '2026-01-01');" +
            "INSERT INTO records (campaign_id, point_key, params_json, repetition, status, started_at) VALUES (1, 'p=1', '{}', 1, 'succeeded', '2026-01-01')");
        return 1;
    }

    private static string Sql(long? v) => v?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "NULL";

    private static string Sql(double? v) => v switch
    {
        null => "NULL",
        double.NegativeInfinity => "-1e999",
        { } d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
    };

    private static void Execute(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False;Foreign Keys=True");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Rows of the old frames layout, or (for a one-column query) that column in <see cref="FrameRow.RecordId"/>.</summary>
    private static List<FrameRow> Read(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<FrameRow>();
        while (reader.Read())
        {
            if (reader.FieldCount == 1)
            {
                rows.Add(new FrameRow(reader.GetInt64(0), 0, 0, null, 0, 0));
                continue;
            }
            rows.Add(new FrameRow(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), Long(reader, 3), reader.GetInt32(4), reader.GetInt32(5),
                Long(reader, 6), Double(reader, 7), Double(reader, 8), Double(reader, 9), Double(reader, 10)));
        }
        return rows;
    }

    private static long? Long(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt64(i);

    private static double? Double(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetDouble(i);
}
