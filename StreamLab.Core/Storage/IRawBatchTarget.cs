using StreamLab.Core.Raw;

namespace StreamLab.Core.Storage;

/// <summary>
/// The database side of <see cref="BulkWriter"/>: one connection, owned by the writer's thread, that commits a batch of
/// raw rows in one transaction (all of them or, by throwing, none).
/// </summary>
internal interface IRawBatchTarget : IDisposable
{
    void Write(List<ArraySegment<FrameRow>> frames, List<ArraySegment<SampleRow>> samples, List<ArraySegment<EventRow>> events);

    /// <summary>After the writer has counted a batch of <paramref name="rows"/> rows as written: time for housekeeping (SQLite's WAL checkpoint).</summary>
    void Committed(long rows);
}
