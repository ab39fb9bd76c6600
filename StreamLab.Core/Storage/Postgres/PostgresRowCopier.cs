using Npgsql;
using NpgsqlTypes;
using StreamLab.Core.Raw;

namespace StreamLab.Core.Storage.Postgres;

/// <summary>
/// Raw rows into PostgreSQL by binary COPY (Npgsql's <c>BeginBinaryImport</c>), inside the caller's transaction.
/// </summary>
/// <remarks>
/// Frames are copied with seq 0. When frames of a record share a receive microsecond (with rows already stored or within
/// the batch), the key (record_id, recv_wall_us, seq) clashes and the COPY fails as a whole: a savepoint undoes it, and
/// the batch goes through a staging table from which one INSERT gives each clashing frame the next free seq, in arrival
/// order — what SQLite's inserter does row by row. Clashes are rare (a clock shared by several client files), so the
/// common path is one COPY per table per batch.
/// </remarks>
internal sealed class PostgresRowCopier(NpgsqlConnection connection, NpgsqlTransaction transaction, PostgresSeries series) : IRawRowInserter
{
    private const string FrameColumns = "record_id, recv_wall_us, frame_id, latency_us, width, height, size_bytes, decode_us, encode_us, quality, psnr_db, ssim";
    private const string Savepoint = "frames_copy";

    private const string CreateStaging = """
        CREATE TEMP TABLE IF NOT EXISTS frames_incoming (
            ord bigint NOT NULL, record_id bigint NOT NULL, recv_wall_us bigint NOT NULL, frame_id bigint NOT NULL,
            latency_us bigint, width integer NOT NULL, height integer NOT NULL, size_bytes bigint,
            decode_us double precision, encode_us double precision, quality double precision, psnr_db double precision,
            ssim double precision)
        """;

    private const string InsertFromStaging = $"""
        INSERT INTO frames ({FrameColumns}, seq)
        SELECT {FrameColumns},
               coalesce((SELECT max(f.seq) + 1 FROM frames f WHERE f.record_id = i.record_id AND f.recv_wall_us = i.recv_wall_us), 0)
               + row_number() OVER (PARTITION BY i.record_id, i.recv_wall_us ORDER BY i.ord) - 1
        FROM frames_incoming i;
        DELETE FROM frames_incoming;
        """;

    private FrameRow[] _frameBuffer = [];
    private SampleRow[] _sampleBuffer = [];
    private EventRow[] _eventBuffer = [];

    public void InsertFrames(IReadOnlyList<ArraySegment<FrameRow>> chunks)
    {
        if (chunks.Count == 0) return;
        transaction.Save(Savepoint);
        try
        {
            using (var copy = connection.BeginBinaryImport($"COPY frames ({FrameColumns}, seq) FROM STDIN (FORMAT BINARY)"))
            {
                foreach (var chunk in chunks) WriteFrames(copy, chunk, withSeq: true, ordFrom: -1);
                copy.Complete();
            }
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            transaction.Rollback(Savepoint);
            InsertThroughStaging(chunks);
        }
        transaction.Release(Savepoint);
    }

    private void InsertThroughStaging(IReadOnlyList<ArraySegment<FrameRow>> chunks)
    {
        Execute(CreateStaging);
        using (var copy = connection.BeginBinaryImport($"COPY frames_incoming (ord, {FrameColumns}) FROM STDIN (FORMAT BINARY)"))
        {
            long ord = 0;
            foreach (var chunk in chunks)
            {
                WriteFrames(copy, chunk, withSeq: false, ordFrom: ord);
                ord += chunk.Count;
            }
            copy.Complete();
        }
        Execute(InsertFromStaging);
    }

    private static void WriteFrames(NpgsqlBinaryImporter copy, ReadOnlySpan<FrameRow> rows, bool withSeq, long ordFrom)
    {
        for (var i = 0; i < rows.Length; i++)
        {
            ref readonly var row = ref rows[i];
            copy.StartRow();
            if (!withSeq) copy.Write(ordFrom + i, NpgsqlDbType.Bigint);
            copy.Write(row.RecordId, NpgsqlDbType.Bigint);
            copy.Write(row.RecvWallUs, NpgsqlDbType.Bigint);
            copy.Write(row.FrameId, NpgsqlDbType.Bigint);
            // Wrapping subtraction, undone by the readers' addition: every user timestamp comes back as it was.
            WriteNullable(copy, row.UserTimestampUs is { } user ? unchecked(row.RecvWallUs - user) : null);
            copy.Write(row.Width, NpgsqlDbType.Integer);
            copy.Write(row.Height, NpgsqlDbType.Integer);
            WriteNullable(copy, row.SizeBytes);
            WriteNullable(copy, row.DecodeUs);
            WriteNullable(copy, row.EncodeUs);
            WriteNullable(copy, row.Quality);
            WriteNullable(copy, row.PsnrDb);
            WriteNullable(copy, row.Ssim);
            if (withSeq) copy.Write(0L, NpgsqlDbType.Bigint);
        }
    }

    public void InsertSamples(IReadOnlyList<ArraySegment<SampleRow>> chunks)
    {
        if (chunks.Count == 0) return;
        using var copy = connection.BeginBinaryImport("COPY samples (record_id, series_id, t_us, value, warmup) FROM STDIN (FORMAT BINARY)");
        foreach (var chunk in chunks)
        {
            foreach (ref readonly var row in chunk.AsSpan())
            {
                copy.StartRow();
                copy.Write(row.RecordId, NpgsqlDbType.Bigint);
                copy.Write(series.Id(row.Series), NpgsqlDbType.Bigint);
                copy.Write(row.TimeUs, NpgsqlDbType.Bigint);
                copy.Write(row.Value, NpgsqlDbType.Double);
                copy.Write(row.Warmup, NpgsqlDbType.Boolean);
            }
        }
        copy.Complete();
    }

    public void InsertEvents(IReadOnlyList<ArraySegment<EventRow>> chunks)
    {
        if (chunks.Count == 0) return;
        using var copy = connection.BeginBinaryImport("COPY events (record_id, t_us, kind, detail) FROM STDIN (FORMAT BINARY)");
        foreach (var chunk in chunks)
        {
            foreach (ref readonly var row in chunk.AsSpan())
            {
                copy.StartRow();
                copy.Write(row.RecordId, NpgsqlDbType.Bigint);
                copy.Write(row.TimeUs, NpgsqlDbType.Bigint);
                copy.Write(row.Kind, NpgsqlDbType.Text);
                if (row.Detail is null) copy.WriteNull();
                else copy.Write(row.Detail, NpgsqlDbType.Text);
            }
        }
        copy.Complete();
    }

    // The importer hands rows over as spans of its own buffer: copied into one segment (a few thousand structs).
    public void InsertFrames(ReadOnlySpan<FrameRow> rows) => InsertFrames([Segment(rows, ref _frameBuffer)]);

    public void InsertSamples(ReadOnlySpan<SampleRow> rows) => InsertSamples([Segment(rows, ref _sampleBuffer)]);

    public void InsertEvents(ReadOnlySpan<EventRow> rows) => InsertEvents([Segment(rows, ref _eventBuffer)]);

    private static ArraySegment<T> Segment<T>(ReadOnlySpan<T> rows, ref T[] buffer)
    {
        if (buffer.Length < rows.Length) buffer = new T[rows.Length];
        rows.CopyTo(buffer);
        return new ArraySegment<T>(buffer, 0, rows.Length);
    }

    private static void WriteNullable(NpgsqlBinaryImporter copy, long? value)
    {
        if (value is { } v) copy.Write(v, NpgsqlDbType.Bigint);
        else copy.WriteNull();
    }

    private static void WriteNullable(NpgsqlBinaryImporter copy, double? value)
    {
        if (value is { } v) copy.Write(v, NpgsqlDbType.Double);
        else copy.WriteNull();
    }

    private void Execute(string sql)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        command.ExecuteNonQuery();
    }
}
