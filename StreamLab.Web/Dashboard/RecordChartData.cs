using StreamLab.Core.Raw;
using StreamLab.Core.Storage;

namespace StreamLab.Web.Dashboard;

/// <summary>
/// What a record's charts are built from: three frame columns, the measured frames' quality, samples and events
/// (never the unused frame columns).
/// </summary>
public sealed record RecordChartData(FrameColumns Frames, IReadOnlyList<SampleRow> Samples, IReadOnlyList<EventRow> Events)
{
    /// <summary>Frames measured against their source (PSNR, SSIM), in receive order.</summary>
    public IReadOnlyList<FrameQualityPoint> Quality { get; init; } = [];

    public static RecordChartData From(RecordRaw raw) => new(FrameColumns.From(raw.Frames), raw.Samples, raw.Events) { Quality = FrameQualityPoint.From(raw.Frames) };

    /// <summary>Two reads: the frame columns into arrays, and samples and events.</summary>
    public static async Task<RecordChartData> LoadAsync(IResultStore store, long recordId, CancellationToken ct = default)
    {
        // Started together: on SQLite they are two connections reading in parallel.
        var frames = store.LoadFrameColumnsAsync(recordId, ct);
        var quality = store.LoadFrameQualityAsync(recordId, ct);
        var rest = await store.LoadSamplesAndEventsAsync(recordId, ct);
        return new RecordChartData(await frames, rest.Samples, rest.Events) { Quality = await quality };
    }
}
