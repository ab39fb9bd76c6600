using StreamLab.Core.Raw;

namespace StreamLab.Core.Storage;

/// <summary>
/// Reads only what a record's charts need, through SQLite's own API (SqliteDataReader costs a few hundred ns a row in
/// checks and boxing-free conversions; sqlite3_column_* is a call): three frame columns into arrays, and samples and
/// events without frames. Measured with <c>streamlab bench ui</c> on a million-frame record.
/// </summary>
internal static class RawColumnReader
{
    public static Task<FrameColumns> LoadFramesAsync(string connectionString, long recordId, CancellationToken ct) =>
        Task.Run(() => LoadFrames(connectionString, recordId, ct), ct);

    public static Task<RecordRaw> LoadSamplesAndEventsAsync(string connectionString, long recordId, CancellationToken ct) =>
        Task.Run(() => LoadSamplesAndEvents(connectionString, recordId, ct), ct);

    private static FrameColumns LoadFrames(string connectionString, long recordId, CancellationToken ct)
    {
        long first, last;
        using (var connection = SqliteSetup.Open(connectionString))
        {
            // Both ends of the record's key range: two b-tree descents, not a scan.
            using var bound = new RawStatement(connection,
                "SELECT (SELECT min(recv_wall_us) FROM frames WHERE record_id = ?1), (SELECT max(recv_wall_us) FROM frames WHERE record_id = ?1)");
            bound.Bind(1, recordId);
            if (!bound.Step() || bound.IsNull(0))
            {
                return FrameColumns.Empty;
            }
            (first, last) = (bound.Int64(0), bound.Int64(1));
            bound.Step();
        }
        // Decoding rows is the cost: the receive-time span is cut into one range per core (up to 4), each read on its own
        // connection. Ranges follow the key, so each comes back in receive order and they join end to end.
        var parts = (int)Math.Clamp(Math.Min(Environment.ProcessorCount, 4), 1, last - first + 1);
        var step = (last - first) / parts + 1;
        var chunks = new Chunk[parts];
        Parallel.For(0, parts, new ParallelOptions { CancellationToken = ct }, k =>
            chunks[k] = ReadRange(connectionString, recordId, first + k * step, Math.Min(last, first + (k + 1) * step - 1), ct));
        var total = chunks.Sum(c => c.Count);
        var recv = new long[total];
        var id = new long[total];
        var user = new long[total];
        var i = 0;
        foreach (var c in chunks)
        {
            Array.Copy(c.Recv, 0, recv, i, c.Count);
            Array.Copy(c.Id, 0, id, i, c.Count);
            Array.Copy(c.User, 0, user, i, c.Count);
            i += c.Count;
        }
        return new FrameColumns(recv, id, user, total);
    }

    private sealed record Chunk(long[] Recv, long[] Id, long[] User, int Count);

    private static Chunk ReadRange(string connectionString, long recordId, long from, long to, CancellationToken ct)
    {
        using var connection = SqliteSetup.Open(connectionString);
        using var tx = connection.BeginTransaction(deferred: true);
        var recv = new long[4096];
        var id = new long[recv.Length];
        var user = new long[recv.Length];
        var i = 0;
        using var query = new RawStatement(connection,
            "SELECT recv_wall_us, frame_id, latency_us FROM frames WHERE record_id = ?1 AND recv_wall_us BETWEEN ?2 AND ?3");
        query.Bind(1, recordId);
        query.Bind(2, from);
        query.Bind(3, to);
        while (query.Step())
        {
            if ((i & 0xFFFF) == 0) ct.ThrowIfCancellationRequested();
            if (i == recv.Length)
            {
                Array.Resize(ref recv, i * 2);
                Array.Resize(ref id, i * 2);
                Array.Resize(ref user, i * 2);
            }
            var at = query.Int64(0);
            recv[i] = at;
            id[i] = query.Int64(1);
            user[i] = query.IsNull(2) ? FrameColumns.NoStamp : unchecked(at - query.Int64(2));
            i++;
        }
        tx.Commit();
        return new Chunk(recv, id, user, i);
    }

    private static RecordRaw LoadSamplesAndEvents(string connectionString, long recordId, CancellationToken ct)
    {
        using var connection = SqliteSetup.Open(connectionString);
        using var tx = connection.BeginTransaction(deferred: true);
        // Series names come from a small dictionary so that a million samples share a handful of strings.
        var names = new Dictionary<long, string>();
        using (var series = new RawStatement(connection,
            "SELECT id, name FROM series WHERE id IN (SELECT DISTINCT series_id FROM samples WHERE record_id = ?1)"))
        {
            series.Bind(1, recordId);
            while (series.Step()) names[series.Int64(0)] = series.Text(1)!;
        }
        var samples = new List<SampleRow>();
        using (var query = new RawStatement(connection, "SELECT series_id, t_us, value, warmup FROM samples WHERE record_id = ?1 ORDER BY t_us, id"))
        {
            query.Bind(1, recordId);
            while (query.Step())
            {
                samples.Add(new SampleRow(recordId, names[query.Int64(0)], query.Int64(1), query.Double(2), query.Int64(3) != 0));
            }
        }
        ct.ThrowIfCancellationRequested();
        var events = new List<EventRow>();
        using (var query = new RawStatement(connection, "SELECT t_us, kind, detail FROM events WHERE record_id = ?1 ORDER BY t_us, id"))
        {
            query.Bind(1, recordId);
            while (query.Step())
            {
                events.Add(new EventRow(recordId, query.Int64(0), query.Text(1)!, query.Text(2)));
            }
        }
        tx.Commit();
        return new RecordRaw([], samples, events);
    }

    /// <summary>
    /// The summaries of the given records, one dictionary per record (metric names shared between records): the matrix
    /// explorer reads ~30 metrics × 1,000 records, which EF materialises at several times the cost.
    /// </summary>
    public static Task<Dictionary<long, Dictionary<string, double>>> LoadSummariesAsync(string connectionString, IReadOnlyList<long> ids, CancellationToken ct) =>
        Task.Run(() =>
        {
            var result = new Dictionary<long, Dictionary<string, double>>(ids.Count);
            if (ids.Count == 0)
            {
                return result;
            }
            using var connection = SqliteSetup.Open(connectionString);
            using var tx = connection.BeginTransaction(deferred: true);
            using var query = new RawStatement(connection,
                "SELECT record_id, metric, value FROM summaries WHERE record_id IN (SELECT value FROM json_each(?1))");
            query.Bind(1, "[" + string.Join(',', ids) + "]");
            var names = new Dictionary<string, string>(StringComparer.Ordinal);
            while (query.Step())
            {
                var id = query.Int64(0);
                var text = query.Text(1)!;
                if (!names.TryGetValue(text, out var name))
                {
                    names[text] = name = text;
                }
                if (!result.TryGetValue(id, out var metrics))
                {
                    result[id] = metrics = new Dictionary<string, double>(StringComparer.Ordinal);
                }
                metrics[name] = query.Double(2);
            }
            ct.ThrowIfCancellationRequested();
            tx.Commit();
            return result;
        }, ct);
}
