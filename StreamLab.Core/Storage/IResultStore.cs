using StreamLab.Core.Campaigns;
using StreamLab.Core.Raw;

namespace StreamLab.Core.Storage;

/// <summary>A record's status. <c>Queued</c> is last so the numbers of the others stay what they were.</summary>
public enum RecordStatus { Running, Succeeded, Failed, Cancelled, Interrupted, Queued }

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

    /// <summary>
    /// Marks records left <c>running</c> by a process that died as <c>interrupted</c>; returns how many. Records without a
    /// lease are taken as dead (call it holding the data folder's run lock); leased ones only when
    /// <see cref="RequeueExpiredAsync"/> finds them dead, and those are requeued.
    /// </summary>
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

    /// <summary>
    /// Stores the final status, reason and summary metrics in one transaction. A claimed record whose lease was lost
    /// (it is no longer <c>running</c>) is left as it is: the attempt that replaced it owns the result.
    /// </summary>
    Task FinishRecordAsync(long recordId, RecordStatus status, string? reason, DateTimeOffset endedAt,
        IReadOnlyDictionary<string, double> summary, CancellationToken ct = default);

    Task<RecordView?> GetRecordAsync(long recordId, CancellationToken ct = default);

    Task<IReadOnlyList<RecordView>> ListRecordsAsync(string? campaign = null, CancellationToken ct = default);

    Task<RecordRaw> LoadRawAsync(long recordId, CancellationToken ct = default);

    /// <summary>The record's frames in the order <see cref="LoadRawAsync"/> gives them, read as they are consumed (downloads of millions of rows).</summary>
    IAsyncEnumerable<FrameRow> StreamFramesAsync(long recordId, CancellationToken ct = default);

    /// <summary>Receive time, frame id and capture time of every frame, in receive order (what charts need; fast for millions).</summary>
    async Task<FrameColumns> LoadFrameColumnsAsync(long recordId, CancellationToken ct = default) =>
        FrameColumns.From((await LoadRawAsync(recordId, ct)).Frames);

    /// <summary>The record's frames measured against their source (PSNR, SSIM), in receive order.</summary>
    async Task<IReadOnlyList<FrameQualityPoint>> LoadFrameQualityAsync(long recordId, CancellationToken ct = default) =>
        FrameQualityPoint.From((await LoadRawAsync(recordId, ct)).Frames);

    /// <summary>Samples and events of a record; <see cref="RecordRaw.Frames"/> is empty.</summary>
    async Task<RecordRaw> LoadSamplesAndEventsAsync(long recordId, CancellationToken ct = default) =>
        (await LoadRawAsync(recordId, ct)) with { Frames = [] };

    /// <summary>A writer that batches raw rows on a background task; dispose flushes and stops it.</summary>
    IRawWriter CreateRawWriter();

    /// <summary>
    /// Creates a run of the campaign with one <c>queued</c> record per entry of <paramref name="records"/>. Records still
    /// queued by earlier runs of the campaign are dropped (they never started): the new run does what is left.
    /// </summary>
    Task<long> CreateRunAsync(NewRun run, IReadOnlyList<QueuedRecord> records, CancellationToken ct = default);

    /// <summary>
    /// The newest run of the campaign labelled <paramref name="label"/> that is not cancelled, or a new one created with
    /// <paramref name="records"/>, atomically: pods of one Job that start together join one run.
    /// </summary>
    Task<long> JoinOrCreateRunAsync(NewRun run, string label, IReadOnlyList<QueuedRecord> records, CancellationToken ct = default);

    Task<RunView?> GetRunAsync(long runId, CancellationToken ct = default);

    /// <summary>Runs, newest first; of one campaign when <paramref name="campaignId"/> is given.</summary>
    Task<IReadOnlyList<RunView>> ListRunsAsync(long? campaignId = null, CancellationToken ct = default);

    /// <summary>Drops the run's queued records and marks it cancelled; records running now finish as they will. Returns how many were dropped.</summary>
    Task<int> CancelRunAsync(long runId, CancellationToken ct = default);

    /// <summary>Records of runs in <paramref name="scope"/>, by status.</summary>
    Task<QueueCounts> CountQueueAsync(ClaimScope scope, CancellationToken ct = default);

    /// <summary>Adds a worker (state active, heartbeat now) and returns its id.</summary>
    Task<long> RegisterWorkerAsync(WorkerIdentity worker, CancellationToken ct = default);

    /// <summary>
    /// Claims the oldest queued record in <paramref name="scope"/> for the worker, atomically (PostgreSQL
    /// <c>FOR UPDATE SKIP LOCKED</c>, SQLite <c>BEGIN IMMEDIATE</c>): it becomes <c>running</c> with a lease of
    /// <paramref name="lease"/>. Expired leases are requeued first. Null when nothing is queued.
    /// </summary>
    Task<ClaimedRecord?> ClaimAsync(long workerId, ClaimScope scope, TimeSpan lease, HostFingerprint host, CancellationToken ct = default);

    /// <summary>
    /// The worker is alive: its heartbeat is now and the lease of <paramref name="recordId"/> (its current record) runs
    /// <paramref name="lease"/> from now. False when that record is no longer the worker's (its lease expired and it was requeued).
    /// </summary>
    Task<bool> HeartbeatAsync(long workerId, long? recordId, TimeSpan lease, CancellationToken ct = default);

    /// <summary>The worker ended normally.</summary>
    Task WorkerStoppedAsync(long workerId, CancellationToken ct = default);

    /// <summary>The most recent workers, newest first.</summary>
    Task<IReadOnlyList<WorkerView>> ListWorkersAsync(int limit = 50, CancellationToken ct = default);

    /// <summary>
    /// Running records whose lease expired, or whose worker on this host is no longer alive, become <c>interrupted</c>
    /// (their raw rows stay) and a new attempt of the same (point, repetition) is queued unless one already succeeded.
    /// Returns how many were requeued.
    /// </summary>
    Task<int> RequeueExpiredAsync(CancellationToken ct = default);

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
