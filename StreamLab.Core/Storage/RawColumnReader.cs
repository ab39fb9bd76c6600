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
        using var connection = SqliteSetup.Open(connectionString);
        using var tx = connection.BeginTransaction(deferred: true);
        // The index gives the record's id span and count without touching the table; the rows are then read as one
        // range of the table (the bulk writer appends a record's frames together) instead of a table seek per index entry.
        using var span = new RawStatement(connection, "SELECT count(*), min(id), max(id) FROM frames WHERE record_id = ?1");
        span.Bind(1, recordId);
        if (!span.Step())
        {
            return FrameColumns.Empty;
        }
        var (n, first, last) = ((int)span.Int64(0), span.Int64(1), span.Int64(2));
        span.Step();
        if (n == 0)
        {
            return FrameColumns.Empty;
        }
        tx.Commit();
        // A large record is read as several id ranges on their own connections, one per core: decoding rows is the cost.
        var parts = n < 200_000 ? 1 : Math.Clamp(Environment.ProcessorCount, 1, 4);
        var step = (last - first) / parts + 1;
        var chunks = new Chunk[parts];
        Parallel.For(0, parts, new ParallelOptions { CancellationToken = ct }, k =>
            chunks[k] = ReadRange(connectionString, recordId, first + k * step, Math.Min(last, first + (k + 1) * step - 1), n / parts + 1024, ct));
        var total = Math.Min(n, chunks.Sum(c => c.Count)); // rows appended after the count wait for the next refresh
        var recv = new long[total];
        var id = new long[total];
        var user = new long[total];
        var i = 0;
        foreach (var c in chunks)
        {
            var take = Math.Min(c.Count, total - i);
            Array.Copy(c.Recv, 0, recv, i, take);
            Array.Copy(c.Id, 0, id, i, take);
            Array.Copy(c.User, 0, user, i, take);
            i += take;
        }
        var ordered = true;
        for (var k = 1; k < i && ordered; k++) ordered = recv[k] >= recv[k - 1];
        if (!ordered)
        {
            // Charts want receive order; writers usually append in it, so this sort is rare.
            var order = Enumerable.Range(0, i).ToArray();
            Array.Sort(recv[..i], order);
            recv = order.Select(k => recv[k]).ToArray();
            id = order.Select(k => id[k]).ToArray();
            user = order.Select(k => user[k]).ToArray();
        }
        return new FrameColumns(recv, id, user, i);
    }

    private sealed record Chunk(long[] Recv, long[] Id, long[] User, int Count);

    private static Chunk ReadRange(string connectionString, long recordId, long from, long to, int capacity, CancellationToken ct)
    {
        using var connection = SqliteSetup.Open(connectionString);
        using var tx = connection.BeginTransaction(deferred: true);
        var recv = new long[capacity];
        var id = new long[capacity];
        var user = new long[capacity];
        var i = 0;
        using var query = new RawStatement(connection,
            "SELECT recv_wall_us, frame_id, user_ts_us, record_id FROM frames WHERE id BETWEEN ?1 AND ?2");
        query.Bind(1, from);
        query.Bind(2, to);
        while (query.Step())
        {
            if (query.Int64(3) != recordId)
            {
                continue; // another record's rows written in between
            }
            if ((i & 0xFFFF) == 0) ct.ThrowIfCancellationRequested();
            if (i == recv.Length)
            {
                Array.Resize(ref recv, i * 2);
                Array.Resize(ref id, i * 2);
                Array.Resize(ref user, i * 2);
            }
            recv[i] = query.Int64(0);
            id[i] = query.Int64(1);
            user[i] = query.IsNull(2) ? FrameColumns.NoStamp : query.Int64(2);
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
