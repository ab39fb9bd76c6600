namespace StreamLab.Core.Storage.Model;

/// <summary>Table <c>campaigns</c>: one row per campaign name.</summary>
public sealed class CampaignEntity
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public required string Yaml { get; set; }
    public required string SourcePath { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<RecordEntity> Records { get; set; } = [];
}

/// <summary>Table <c>records</c>: one execution of one matrix point.</summary>
public sealed class RecordEntity
{
    public long Id { get; set; }
    public long CampaignId { get; set; }
    public CampaignEntity? Campaign { get; set; }
    public required string PointKey { get; set; }
    public required string ParamsJson { get; set; }
    public int Repetition { get; set; }
    public RecordStatus Status { get; set; }
    public string? Reason { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public long? T0Us { get; set; }
    public long? T1Us { get; set; }
    public string? RecordDir { get; set; }
    public string? HostJson { get; set; }
    public List<SummaryEntity> Summaries { get; set; } = [];
}

/// <summary>Table <c>summaries</c>: one metric value of a finished record.</summary>
public sealed class SummaryEntity
{
    public long RecordId { get; set; }
    public required string Metric { get; set; }
    public double Value { get; set; }
}

/// <summary>Table <c>series</c>: interned time-series names such as <c>cpu_pct{role="server"}</c>.</summary>
public sealed class SeriesEntity
{
    public long Id { get; set; }
    public required string Name { get; set; }
}

// The raw tables below are declared to EF only so that migrations create them; rows are written by
// BulkWriter and read by RawReader with plain SqliteCommands. Id is SQLite's rowid alias: no extra bytes.
// (frames has no id: its key is the record and the arrival time, see FrameEntity.)

/// <summary>Table <c>samples</c>: one time-series value.</summary>
public sealed class SampleEntity
{
    public long Id { get; set; }
    public long RecordId { get; set; }
    public long SeriesId { get; set; }
    public long TUs { get; set; }
    public double Value { get; set; }
    public bool Warmup { get; set; }
}

/// <summary>
/// Table <c>frames</c>: one received video frame, clustered by record and arrival (<c>WITHOUT ROWID</c> on SQLite).
/// </summary>
/// <remarks>
/// <see cref="Seq"/> keeps the key unique when frames of one record share a receive microsecond (16 client files, or a
/// file with equal times): 0 for the first, 1 for the next… It costs one header byte (SQLite stores 0 in none).
/// <see cref="LatencyUs"/> is <c>recv_wall_us − user timestamp</c>: a few bytes instead of a second 8-byte epoch time,
/// and exactly invertible, so readers give back the user timestamp the file had.
/// </remarks>
public sealed class FrameEntity
{
    public long RecordId { get; set; }
    public long RecvWallUs { get; set; }
    public long Seq { get; set; }
    public long FrameId { get; set; }
    public long? LatencyUs { get; set; }
    public int Width { get; set; }
    public int Height { get; set; }
    public long? SizeBytes { get; set; }
    public double? DecodeUs { get; set; }
    public double? EncodeUs { get; set; }
    public double? Quality { get; set; }
    public double? PsnrDb { get; set; }
    public double? Ssim { get; set; }
}

/// <summary>Table <c>frame_digests</c>: a finished record's frames reduced for its charts (<see cref="Charts.FrameDigest"/>, as JSON).</summary>
public sealed class FrameDigestEntity
{
    public long RecordId { get; set; }
    public int Version { get; set; }
    public required string Body { get; set; }
}

/// <summary>Table <c>events</c>: something that happened at a moment.</summary>
public sealed class EventEntity
{
    public long Id { get; set; }
    public long RecordId { get; set; }
    public long TUs { get; set; }
    public required string Kind { get; set; }
    public string? Detail { get; set; }
}

/// <summary>Table <c>reports</c>: a frozen view (its settings and a snapshot of the data it showed) at an unguessable slug.</summary>
public sealed class ReportEntity
{
    public long Id { get; set; }
    public required string Slug { get; set; }
    public required string Kind { get; set; }
    public required string Title { get; set; }
    public required string Campaign { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string SettingsJson { get; set; }
    public required string DataJson { get; set; }
    public required string DataHash { get; set; }
}
