namespace StreamLab.Core.Raw;

/// <summary>
/// The frame columns charts need, as parallel arrays in receive-time order: a million-frame record is 24 MB here
/// instead of the ~100 MB of <see cref="FrameRow"/>s with every optional column.
/// </summary>
public sealed class FrameColumns(long[] recvWallUs, long[] frameId, long[] userTimestampUs, int count)
{
    /// <summary>Marks a frame whose stamp could not be read (no user timestamp).</summary>
    public const long NoStamp = long.MinValue;

    public static readonly FrameColumns Empty = new([], [], [], 0);

    public int Count { get; } = count;
    public long[] RecvWallUs { get; } = recvWallUs;
    public long[] FrameId { get; } = frameId;
    /// <summary>Capture time, or <see cref="NoStamp"/>.</summary>
    public long[] UserTimestampUs { get; } = userTimestampUs;

    public static FrameColumns From(IReadOnlyList<FrameRow> frames)
    {
        var ordered = frames.OrderBy(f => f.RecvWallUs).ToArray();
        return new FrameColumns(ordered.Select(f => f.RecvWallUs).ToArray(), ordered.Select(f => f.FrameId).ToArray(),
            ordered.Select(f => f.UserTimestampUs ?? NoStamp).ToArray(), ordered.Length);
    }
}
