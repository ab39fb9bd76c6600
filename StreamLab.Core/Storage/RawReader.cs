using Microsoft.Data.Sqlite;
using StreamLab.Core.Raw;

namespace StreamLab.Core.Storage;

/// <summary>Reads one record's raw rows with plain data readers (millions of rows; no EF materialization).</summary>
internal static class RawReader
{
    public static async Task<RecordRaw> LoadAsync(string connectionString, long recordId, CancellationToken ct)
    {
        await using var connection = SqliteSetup.Open(connectionString);
        // One read transaction: the three tables come from the same snapshot while a writer appends.
        await using var tx = connection.BeginTransaction(deferred: true);
        var frames = await ReadFramesAsync(tx, recordId, ct);
        var samples = await ReadSamplesAsync(tx, recordId, ct);
        var events = await ReadEventsAsync(tx, recordId, ct);
        await tx.CommitAsync(ct);
        return new RecordRaw(frames, samples, events);
    }

    private static async Task<List<FrameRow>> ReadFramesAsync(SqliteTransaction tx, long recordId, CancellationToken ct)
    {
        var rows = new List<FrameRow>();
        await using var command = Query(tx, recordId,
            "SELECT recv_wall_us, frame_id, latency_us, width, height, size_bytes, decode_us, encode_us, quality, psnr_db, ssim " +
            "FROM frames WHERE record_id = $record ORDER BY recv_wall_us, frame_id, seq");
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var recv = reader.GetInt64(0);
            rows.Add(new FrameRow(recordId, recv, reader.GetInt64(1), reader.IsDBNull(2) ? null : unchecked(recv - reader.GetInt64(2)),
                reader.GetInt32(3), reader.GetInt32(4), NullableInt64(reader, 5), NullableDouble(reader, 6),
                NullableDouble(reader, 7), NullableDouble(reader, 8), NullableDouble(reader, 9), NullableDouble(reader, 10)));
        }
        return rows;
    }

    private static async Task<List<SampleRow>> ReadSamplesAsync(SqliteTransaction tx, long recordId, CancellationToken ct)
    {
        // Series names come from a small dictionary so that a million samples share a handful of strings.
        var names = new Dictionary<long, string>();
        await using (var command = Query(tx, recordId,
            "SELECT id, name FROM series WHERE id IN (SELECT DISTINCT series_id FROM samples WHERE record_id = $record)"))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct)) names[reader.GetInt64(0)] = reader.GetString(1);
        }

        var rows = new List<SampleRow>();
        await using (var command = Query(tx, recordId,
            "SELECT series_id, t_us, value, warmup FROM samples WHERE record_id = $record ORDER BY t_us, id"))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                rows.Add(new SampleRow(recordId, names[reader.GetInt64(0)], reader.GetInt64(1), reader.GetDouble(2), reader.GetInt64(3) != 0));
            }
        }
        return rows;
    }

    private static async Task<List<EventRow>> ReadEventsAsync(SqliteTransaction tx, long recordId, CancellationToken ct)
    {
        var rows = new List<EventRow>();
        await using var command = Query(tx, recordId,
            "SELECT t_us, kind, detail FROM events WHERE record_id = $record ORDER BY t_us, id");
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new EventRow(recordId, reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
        }
        return rows;
    }

    private static SqliteCommand Query(SqliteTransaction tx, long recordId, string sql)
    {
        var command = tx.Connection!.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$record", recordId);
        return command;
    }

    private static long? NullableInt64(SqliteDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetInt64(i);

    private static double? NullableDouble(SqliteDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetDouble(i);
}
