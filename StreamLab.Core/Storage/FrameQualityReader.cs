using StreamLab.Core.Raw;

namespace StreamLab.Core.Storage;

/// <summary>
/// Reads the measured frames of a record (PSNR or SSIM present; one frame in <c>quality_every</c>) for its
/// quality chart, through SQLite's own API: one range of the frames table's key (record_id, recv_wall_us, seq).
/// </summary>
internal static class FrameQualityReader
{
    public static Task<IReadOnlyList<FrameQualityPoint>> LoadAsync(string connectionString, long recordId, CancellationToken ct) =>
        Task.Run(() => Load(connectionString, recordId, ct), ct);

    private static IReadOnlyList<FrameQualityPoint> Load(string connectionString, long recordId, CancellationToken ct)
    {
        using var connection = SqliteSetup.Open(connectionString);
        using var tx = connection.BeginTransaction(deferred: true);
        var points = new List<FrameQualityPoint>();
        using var query = new RawStatement(connection,
            "SELECT recv_wall_us, psnr_db, ssim FROM frames WHERE record_id = ?1 AND (psnr_db IS NOT NULL OR ssim IS NOT NULL) ORDER BY recv_wall_us, seq");
        query.Bind(1, recordId);
        while (query.Step())
        {
            if ((points.Count & 0x3FFF) == 0) ct.ThrowIfCancellationRequested();
            points.Add(new FrameQualityPoint(query.Int64(0), query.IsNull(1) ? null : query.Double(1), query.IsNull(2) ? null : query.Double(2)));
        }
        return points;
    }
}
