using StreamLab.Core.Campaigns;
using StreamLab.Core.Raw;

namespace StreamLab.Core.Storage;

public enum RecordStatus { Running, Succeeded, Failed, Cancelled, Interrupted }

/// <summary>A record about to run: one repetition of one matrix point.</summary>
public sealed record NewRecord(
    long CampaignId,
    string PointKey,
    IReadOnlyDictionary<string, string> Params,
    int Repetition,
    DateTimeOffset StartedAt,
    HostFingerprint Host);

/// <summary>Where a record ran: enough to tell two machines apart when numbers disagree.</summary>
public sealed record HostFingerprint(
    string Hostname,
    string Kernel,
    string CpuModel,
    int CoreCount,
    long MemoryMb,
    IReadOnlyDictionary<string, string> ToolVersions);

/// <summary>A record as the CLI, API and pages show it.</summary>
public sealed record RecordView(
    long Id,
    long CampaignId,
    string Campaign,
    string PointKey,
    IReadOnlyDictionary<string, string> Params,
    int Repetition,
    RecordStatus Status,
    string? Reason,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    long? T0Us,
    long? T1Us,
    string? RecordDir,
    HostFingerprint? Host,
    IReadOnlyDictionary<string, double> Summary);

public sealed record CampaignView(long Id, string Name, string? Description, string Yaml, string SourcePath, DateTimeOffset CreatedAt);

/// <summary>All raw rows of one record, in time order.</summary>
public sealed record RecordRaw(
    IReadOnlyList<FrameRow> Frames,
    IReadOnlyList<SampleRow> Samples,
    IReadOnlyList<EventRow> Events);

/// <summary>The results database: campaigns, records, raw rows and summaries.</summary>
public interface IResultStore
{
    /// <summary>Creates or migrates the schema. Safe to call at every start.</summary>
    Task MigrateAsync(CancellationToken ct = default);

    /// <summary>Marks records left <c>running</c> by a process that died as <c>interrupted</c>; returns how many.</summary>
    Task<int> MarkInterruptedAsync(CancellationToken ct = default);

    /// <summary>Inserts the campaign by name, or updates its YAML/description if the name exists.</summary>
    Task<long> UpsertCampaignAsync(Campaign campaign, CancellationToken ct = default);

    Task<CampaignView?> FindCampaignAsync(string name, CancellationToken ct = default);

    Task<IReadOnlyList<CampaignView>> ListCampaignsAsync(CancellationToken ct = default);

    /// <summary>(point key, repetition) of every succeeded record of the campaign: what a resume skips.</summary>
    Task<IReadOnlySet<(string PointKey, int Repetition)>> SucceededAsync(long campaignId, CancellationToken ct = default);

    /// <summary>Deletes every record of the campaign with its raw rows and summaries (for <c>--fresh</c>).</summary>
    Task DeleteRecordsAsync(long campaignId, CancellationToken ct = default);

    /// <summary>
    /// Deletes the campaign, its records with their raw rows and summaries, and the record folders under the data
    /// folder's <c>records/</c>; false when there is no campaign with that id. Reports keep their own copy of the data.
    /// </summary>
    Task<bool> DeleteCampaignAsync(long campaignId, CancellationToken ct = default);

    Task<CampaignView?> GetCampaignAsync(long campaignId, CancellationToken ct = default);

    /// <summary>Inserts a record with status <c>running</c> and returns its id.</summary>
    Task<long> StartRecordAsync(NewRecord record, CancellationToken ct = default);

    Task SetRecordDirAsync(long recordId, string recordDir, CancellationToken ct = default);

    /// <summary>Sets the measurement window [t0, t1) in epoch microseconds.</summary>
    Task SetWindowAsync(long recordId, long t0Us, long t1Us, CancellationToken ct = default);

    /// <summary>Stores the final status, reason and summary metrics in one transaction, with the frames' digest.</summary>
    Task FinishRecordAsync(long recordId, RecordStatus status, string? reason, DateTimeOffset endedAt,
        IReadOnlyDictionary<string, double> summary, CancellationToken ct = default);

    Task<RecordView?> GetRecordAsync(long recordId, CancellationToken ct = default);

    Task<IReadOnlyList<RecordView>> ListRecordsAsync(string? campaign = null, CancellationToken ct = default);

    Task<RecordRaw> LoadRawAsync(long recordId, CancellationToken ct = default);

    /// <summary>Receive time, frame id and capture time of every frame, in receive order (what charts need; fast for millions).</summary>
    async Task<FrameColumns> LoadFrameColumnsAsync(long recordId, CancellationToken ct = default) =>
        FrameColumns.From((await LoadRawAsync(recordId, ct)).Frames);

    /// <summary>The record's frames measured against their source (PSNR, SSIM), in receive order.</summary>
    async Task<IReadOnlyList<FrameQualityPoint>> LoadFrameQualityAsync(long recordId, CancellationToken ct = default) =>
        FrameQualityPoint.From((await LoadRawAsync(recordId, ct)).Frames);

    /// <summary>Samples and events of a record; <see cref="RecordRaw.Frames"/> is empty.</summary>
    async Task<RecordRaw> LoadSamplesAndEventsAsync(long recordId, CancellationToken ct = default) =>
        (await LoadRawAsync(recordId, ct)) with { Frames = [] };

    /// <summary>The stored frame digest of a finished record (null when there is none of the current version).</summary>
    Task<Charts.FrameDigest?> LoadFrameDigestAsync(long recordId, CancellationToken ct = default) => Task.FromResult<Charts.FrameDigest?>(null);

    /// <summary>Keeps a finished record's frame digest, replacing any older one.</summary>
    Task SaveFrameDigestAsync(long recordId, Charts.FrameDigest digest, CancellationToken ct = default) => Task.CompletedTask;

    /// <summary>A writer that batches raw rows on a background task; dispose flushes and stops it.</summary>
    IRawWriter CreateRawWriter();

    /// <summary>One transaction for imported records (campaign, record rows, raw rows, summaries): all or nothing.</summary>
    Task<IImportTransaction> BeginImportAsync(CancellationToken ct = default);
}

/// <summary>A batched raw-row writer owned by one record run.</summary>
public interface IRawWriter : IRawSink, IAsyncDisposable
{
    /// <summary>Rows accepted so far.</summary>
    long RowsAdded { get; }
    /// <summary>Rows committed to the database so far.</summary>
    long RowsWritten { get; }
}
