namespace StreamLab.Core.Raw;

/// <summary>One received video frame. Times are wall-clock microseconds since the Unix epoch.</summary>
public readonly record struct FrameRow(
    long RecordId,
    long RecvWallUs,
    long FrameId,
    long? UserTimestampUs,
    int Width,
    int Height,
    long? SizeBytes = null,
    double? DecodeUs = null,
    double? EncodeUs = null,
    double? Quality = null,
    double? PsnrDb = null,
    double? Ssim = null);

/// <summary>One time-series value; <paramref name="Series"/> is e.g. <c>cpu_pct{role="server"}</c>.</summary>
public readonly record struct SampleRow(long RecordId, string Series, long TimeUs, double Value, bool Warmup);

/// <summary>Something that happened at a moment: burst_on, process_exit, error…</summary>
public readonly record struct EventRow(long RecordId, long TimeUs, string Kind, string? Detail);

/// <summary>Accepts raw rows from collectors; writes them off the collection path.</summary>
public interface IRawSink
{
    void Add(in FrameRow row);
    void Add(in SampleRow row);
    void Add(in EventRow row);
    /// <summary>Completes when every row added before the call is durable.</summary>
    Task FlushAsync(CancellationToken cancellationToken = default);
}
