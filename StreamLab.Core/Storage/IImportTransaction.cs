using StreamLab.Core.Raw;

namespace StreamLab.Core.Storage;

/// <summary>
/// One transaction that stores imported records: campaign and record rows through <see cref="Context"/> (EF Core,
/// enlisted in the transaction), raw rows through <see cref="Rows"/>. Nothing is visible to others before
/// <see cref="CommitAsync"/>; disposing without committing rolls everything back.
/// </summary>
public interface IImportTransaction : IAsyncDisposable
{
    StreamLabDbContext Context { get; }

    IRawRowInserter Rows { get; }

    Task CommitAsync(CancellationToken ct = default);
}

/// <summary>Inserts raw rows inside the caller's transaction, synchronously (rows arrive in chunks from a parser).</summary>
public interface IRawRowInserter
{
    void InsertFrames(ReadOnlySpan<FrameRow> rows);

    void InsertSamples(ReadOnlySpan<SampleRow> rows);

    void InsertEvents(ReadOnlySpan<EventRow> rows);
}
