using System.Data;
using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using StreamLab.Core.Raw;

namespace StreamLab.Core.Storage.Postgres;

/// <summary>
/// PostgreSQL's raw-row readers: the three frame columns the charts need through binary COPY out (no per-row protocol
/// overhead; measured with <c>streamlab bench ui --db</c>), samples and events, whole rows, and summaries by id array.
/// </summary>
internal static class PostgresRawReader
{
    public static async Task<FrameColumns> LoadFrameColumnsAsync(PostgresDatabase database, long recordId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var recv = new long[4096];
        var id = new long[recv.Length];
        var user = new long[recv.Length];
        var i = 0;
        // COPY takes no parameters; the id is a number formatted here, never text from outside.
        var sql = string.Create(CultureInfo.InvariantCulture,
            $"COPY (SELECT recv_wall_us, frame_id, latency_us FROM frames WHERE record_id = {recordId} ORDER BY recv_wall_us, seq) TO STDOUT (FORMAT BINARY)");
        await using (var copy = await connection.BeginBinaryExportAsync(sql, ct))
        {
            while (await copy.StartRowAsync(ct) >= 0)
            {
                if (i == recv.Length)
                {
                    Array.Resize(ref recv, i * 2);
                    Array.Resize(ref id, i * 2);
                    Array.Resize(ref user, i * 2);
                }
                var at = copy.Read<long>(NpgsqlDbType.Bigint);
                recv[i] = at;
                id[i] = copy.Read<long>(NpgsqlDbType.Bigint);
                if (copy.IsNull)
                {
                    copy.Skip();
                    user[i] = FrameColumns.NoStamp;
                }
                else
                {
                    user[i] = unchecked(at - copy.Read<long>(NpgsqlDbType.Bigint));
                }
                i++;
            }
        }
        return new FrameColumns(recv, id, user, i);
    }

    public static async Task<IReadOnlyList<FrameQualityPoint>> LoadFrameQualityAsync(PostgresDatabase database, long recordId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var points = new List<FrameQualityPoint>();
        await using var command = new NpgsqlCommand(
            "SELECT recv_wall_us, psnr_db, ssim FROM frames WHERE record_id = $1 AND (psnr_db IS NOT NULL OR ssim IS NOT NULL) ORDER BY recv_wall_us, seq",
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = recordId, NpgsqlDbType = NpgsqlDbType.Bigint });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            points.Add(new FrameQualityPoint(reader.GetInt64(0), NullableDouble(reader, 1), NullableDouble(reader, 2)));
        }
        return points;
    }

    public static async Task<RecordRaw> LoadSamplesAndEventsAsync(PostgresDatabase database, long recordId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        var samples = await ReadSamplesAsync(connection, tx, recordId, ct);
        var events = await ReadEventsAsync(connection, tx, recordId, ct);
        await tx.CommitAsync(ct);
        return new RecordRaw([], samples, events);
    }

    /// <summary>Every column of every row, from one snapshot while a writer appends.</summary>
    public static async Task<RecordRaw> LoadAsync(PostgresDatabase database, long recordId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        var frames = new List<FrameRow>();
        await using (var command = Query(connection, tx, recordId,
            "SELECT recv_wall_us, frame_id, latency_us, width, height, size_bytes, decode_us, encode_us, quality, psnr_db, ssim " +
            "FROM frames WHERE record_id = $1 ORDER BY recv_wall_us, frame_id, seq"))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var recv = reader.GetInt64(0);
                frames.Add(new FrameRow(recordId, recv, reader.GetInt64(1), reader.IsDBNull(2) ? null : unchecked(recv - reader.GetInt64(2)),
                    reader.GetInt32(3), reader.GetInt32(4), NullableInt64(reader, 5), NullableDouble(reader, 6),
                    NullableDouble(reader, 7), NullableDouble(reader, 8), NullableDouble(reader, 9), NullableDouble(reader, 10)));
            }
        }
        var samples = await ReadSamplesAsync(connection, tx, recordId, ct);
        var events = await ReadEventsAsync(connection, tx, recordId, ct);
        await tx.CommitAsync(ct);
        return new RecordRaw(frames, samples, events);
    }

    private static async Task<List<SampleRow>> ReadSamplesAsync(NpgsqlConnection connection, NpgsqlTransaction tx, long recordId, CancellationToken ct)
    {
        // Series names come from a small dictionary so that a million samples share a handful of strings.
        var names = new Dictionary<long, string>();
        await using (var command = Query(connection, tx, recordId,
            "SELECT id, name FROM series WHERE id IN (SELECT DISTINCT series_id FROM samples WHERE record_id = $1)"))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct)) names[reader.GetInt64(0)] = reader.GetString(1);
        }
        var rows = new List<SampleRow>();
        await using (var command = Query(connection, tx, recordId,
            "SELECT series_id, t_us, value, warmup FROM samples WHERE record_id = $1 ORDER BY t_us, id"))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                rows.Add(new SampleRow(recordId, names[reader.GetInt64(0)], reader.GetInt64(1), reader.GetDouble(2), reader.GetBoolean(3)));
            }
        }
        return rows;
    }

    private static async Task<List<EventRow>> ReadEventsAsync(NpgsqlConnection connection, NpgsqlTransaction tx, long recordId, CancellationToken ct)
    {
        var rows = new List<EventRow>();
        await using var command = Query(connection, tx, recordId, "SELECT t_us, kind, detail FROM events WHERE record_id = $1 ORDER BY t_us, id");
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new EventRow(recordId, reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
        }
        return rows;
    }

    /// <summary>The summaries of the given records (the matrix explorer reads ~30 metrics × 1,000 records).</summary>
    public static async Task<Dictionary<long, Dictionary<string, double>>> LoadSummariesAsync(PostgresDatabase database, IReadOnlyList<long> ids,
        CancellationToken ct)
    {
        var result = new Dictionary<long, Dictionary<string, double>>(ids.Count);
        if (ids.Count == 0)
        {
            return result;
        }
        await using var connection = await database.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT record_id, metric, value FROM summaries WHERE record_id = ANY($1)", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = ids as long[] ?? ids.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        await using var reader = await command.ExecuteReaderAsync(ct);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct))
        {
            var id = reader.GetInt64(0);
            var text = reader.GetString(1);
            if (!names.TryGetValue(text, out var name))
            {
                names[text] = name = text;
            }
            if (!result.TryGetValue(id, out var metrics))
            {
                result[id] = metrics = new Dictionary<string, double>(StringComparer.Ordinal);
            }
            metrics[name] = reader.GetDouble(2);
        }
        return result;
    }

    private static NpgsqlCommand Query(NpgsqlConnection connection, NpgsqlTransaction tx, long recordId, string sql)
    {
        var command = new NpgsqlCommand(sql, connection, tx);
        command.Parameters.Add(new NpgsqlParameter { Value = recordId, NpgsqlDbType = NpgsqlDbType.Bigint });
        return command;
    }

    private static long? NullableInt64(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetInt64(i);

    private static double? NullableDouble(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetDouble(i);
}
