using Npgsql;
using StreamLab.Core.Raw;

namespace StreamLab.Core.Storage.Postgres;

/// <summary>PostgreSQL's side of the bulk writer: one transaction per batch, one binary COPY per table.</summary>
internal sealed class PostgresBatchTarget(NpgsqlConnection connection, PostgresSeries series) : IRawBatchTarget
{
    public void Write(List<ArraySegment<FrameRow>> frames, List<ArraySegment<SampleRow>> samples, List<ArraySegment<EventRow>> events)
    {
        using var tx = connection.BeginTransaction();
        var copier = new PostgresRowCopier(connection, tx, series);
        copier.InsertFrames(frames);
        copier.InsertSamples(samples);
        copier.InsertEvents(events);
        tx.Commit();
    }

    public void Committed(long rows)
    {
    }

    public void Dispose() => connection.Dispose();
}
