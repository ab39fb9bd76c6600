using StreamLab.Core.Charts;
using StreamLab.Core.Raw;
using StreamLab.Core.Storage;

namespace StreamLab.Web.Dashboard;

/// <summary>
/// What a record's charts are built from: the frames' digest (never the frames themselves), the measured frames'
/// quality, samples and events.
/// </summary>
public sealed record RecordChartData(FrameDigest Frames, IReadOnlyList<SampleRow> Samples, IReadOnlyList<EventRow> Events)
{
    /// <summary>Frames measured against their source (PSNR, SSIM), in receive order.</summary>
    public IReadOnlyList<FrameQualityPoint> Quality { get; init; } = [];

    public static RecordChartData From(RecordView record, RecordRaw raw) =>
        new(FrameDigest.Compute(FrameColumns.From(raw.Frames), OriginUs(record)), raw.Samples, raw.Events) { Quality = FrameQualityPoint.From(raw.Frames) };

    /// <summary>x = 0 of the record's charts: its start, in whole milliseconds.</summary>
    public static long OriginUs(RecordView record) => record.StartedAt.ToUnixTimeMilliseconds() * 1000;

    /// <summary>
    /// A finished record's stored digest, or the digest computed from its frame columns: a running record's every time,
    /// a finished one's once (then stored: records imported, or finished before digests were kept).
    /// </summary>
    public static async Task<RecordChartData> LoadAsync(IResultStore store, RecordView record, CancellationToken ct = default)
    {
        // Started together: on SQLite the frames, their quality and the rest are read on their own connections, in parallel.
        var rest = store.LoadSamplesAndEventsAsync(record.Id, ct);
        var quality = store.LoadFrameQualityAsync(record.Id, ct);
        var frames = await FramesAsync(store, record, ct);
        var others = await rest;
        return new RecordChartData(frames, others.Samples, others.Events) { Quality = await quality };
    }

    private static async Task<FrameDigest> FramesAsync(IResultStore store, RecordView record, CancellationToken ct)
    {
        var finished = record.Status != RecordStatus.Running;
        if (finished && await store.LoadFrameDigestAsync(record.Id, ct) is { } stored)
        {
            return stored;
        }
        var digest = FrameDigest.Compute(await store.LoadFrameColumnsAsync(record.Id, ct), OriginUs(record));
        if (finished)
        {
            await store.SaveFrameDigestAsync(record.Id, digest, ct);
        }
        return digest;
    }
}
