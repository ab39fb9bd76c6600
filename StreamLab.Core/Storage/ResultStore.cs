using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using StreamLab.Core.Campaigns;
using StreamLab.Core.Charts;
using StreamLab.Core.Raw;
using StreamLab.Core.Storage.Model;

namespace StreamLab.Core.Storage;

/// <summary>
/// The results database: EF Core for campaigns, records and summaries; raw rows bypass EF through the database's own
/// writer and readers. One class for both providers: what differs lives behind <see cref="StoreDatabase"/>.
/// </summary>
public sealed class ResultStore : IResultStore
{
    public const string InterruptedReason = "StreamLab stopped while the record was running";

    private readonly TimeProvider _time;
    private readonly string _dataDirectory;

    /// <param name="database">SQLite or PostgreSQL.</param>
    /// <param name="dataDirectory">The data folder, whose <c>records/</c> holds the record folders this machine made.</param>
    /// <param name="time">The clock (tests move it).</param>
    public ResultStore(StoreDatabase database, string dataDirectory, TimeProvider? time = null)
    {
        Database = database;
        _dataDirectory = Path.GetFullPath(dataDirectory);
        _time = time ?? TimeProvider.System;
    }

    /// <summary>A store on a SQLite file; its folder is the data folder.</summary>
    public ResultStore(string sqliteConnectionString, TimeProvider? time = null)
        : this(new SqliteDatabase(sqliteConnectionString), DataFolderOf(sqliteConnectionString), time)
    {
    }

    /// <summary>A store on <c>dataDir/streamlab.db</c>, creating the folder if needed. Call <see cref="MigrateAsync"/> next.</summary>
    public static ResultStore OpenSqlite(string dataDir, TimeProvider? time = null)
    {
        Directory.CreateDirectory(dataDir);
        return new ResultStore(SqliteSetup.ConnectionString(Path.Combine(dataDir, SqliteSetup.FileName)), time);
    }

    /// <summary>A store on <paramref name="target"/>; record folders go under <paramref name="dataDir"/> whatever the database.</summary>
    public static ResultStore Open(DatabaseTarget target, string dataDir, TimeProvider? time = null)
    {
        Directory.CreateDirectory(dataDir);
        return new ResultStore(StoreDatabase.Open(target), dataDir, time);
    }

    public StoreDatabase Database { get; }

    /// <summary>The database's connection string (it may hold a password: never print it).</summary>
    public string ConnectionString => Database.ConnectionString;

    private static string DataFolderOf(string sqliteConnectionString) =>
        Path.GetDirectoryName(Path.GetFullPath(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(sqliteConnectionString).DataSource)) ?? ".";

    public Task MigrateAsync(CancellationToken ct = default) => Database.MigrateAsync(ct);

    public async Task<int> MarkInterruptedAsync(CancellationToken ct = default)
    {
        await using var db = Context();
        return await db.Records.Where(r => r.Status == RecordStatus.Running).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Status, RecordStatus.Interrupted)
            .SetProperty(r => r.Reason, InterruptedReason), ct);
    }

    public async Task<long> UpsertCampaignAsync(Campaign campaign, CancellationToken ct = default)
    {
        await using var db = Context();
        var entity = await db.Campaigns.SingleOrDefaultAsync(c => c.Name == campaign.Name, ct);
        if (entity is null)
        {
            entity = new CampaignEntity
            {
                Name = campaign.Name,
                Yaml = campaign.Yaml,
                SourcePath = campaign.SourcePath,
                CreatedAt = _time.GetUtcNow(),
            };
            db.Campaigns.Add(entity);
        }
        entity.Description = campaign.Description;
        entity.Yaml = campaign.Yaml;
        entity.SourcePath = campaign.SourcePath;
        await db.SaveChangesAsync(ct);
        return entity.Id;
    }

    public async Task<CampaignView?> FindCampaignAsync(string name, CancellationToken ct = default)
    {
        await using var db = Context();
        var c = await db.Campaigns.AsNoTracking().SingleOrDefaultAsync(c => c.Name == name, ct);
        return c is null ? null : ToView(c);
    }

    public async Task<IReadOnlyList<CampaignView>> ListCampaignsAsync(CancellationToken ct = default)
    {
        await using var db = Context();
        var all = await db.Campaigns.AsNoTracking().OrderBy(c => c.Id).ToListAsync(ct);
        return all.ConvertAll(ToView);
    }

    public async Task<IReadOnlySet<(string PointKey, int Repetition)>> SucceededAsync(long campaignId, CancellationToken ct = default)
    {
        await using var db = Context();
        var done = await db.Records
            .Where(r => r.CampaignId == campaignId && r.Status == RecordStatus.Succeeded)
            .Select(r => new { r.PointKey, r.Repetition })
            .ToListAsync(ct);
        return done.Select(r => (r.PointKey, r.Repetition)).ToHashSet();
    }

    public async Task DeleteRecordsAsync(long campaignId, CancellationToken ct = default)
    {
        // ON DELETE CASCADE (foreign_keys=ON on every connection) removes raw rows and summaries.
        await using var db = Context();
        await db.Records.Where(r => r.CampaignId == campaignId).ExecuteDeleteAsync(ct);
    }

    public async Task<bool> DeleteCampaignAsync(long campaignId, CancellationToken ct = default)
    {
        await using var db = Context();
        var folders = await db.Records.Where(r => r.CampaignId == campaignId && r.RecordDir != null)
            .Select(r => r.RecordDir!).ToListAsync(ct);
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            await db.Records.Where(r => r.CampaignId == campaignId).ExecuteDeleteAsync(ct);
            if (await db.Campaigns.Where(c => c.Id == campaignId).ExecuteDeleteAsync(ct) == 0)
            {
                return false;
            }
            await tx.CommitAsync(ct);
        }
        // Only folders StreamLab made: its record folders, and the uploads it staged (an upload goes into one campaign).
        // An imported record's folder elsewhere is the user's harness output, not ours to remove.
        var records = Path.Combine(_dataDirectory, "records") + Path.DirectorySeparatorChar;
        var uploads = Path.Combine(_dataDirectory, "uploads") + Path.DirectorySeparatorChar;
        var full = folders.Select(Path.GetFullPath).ToList();
        foreach (var folder in full.Where(f => f.StartsWith(records, StringComparison.Ordinal)))
        {
            DeleteFolder(folder);
        }
        foreach (var upload in full.Where(f => f.StartsWith(uploads, StringComparison.Ordinal))
                     .Select(f => uploads + f[uploads.Length..].Split(Path.DirectorySeparatorChar)[0]).Distinct())
        {
            // Unless a record of another campaign was imported from it (streamlab import data/uploads/…/run).
            if (!await db.Records.AnyAsync(r => r.RecordDir != null && (r.RecordDir == upload || r.RecordDir.StartsWith(upload + Path.DirectorySeparatorChar)), ct))
            {
                DeleteFolder(upload);
            }
        }
        return true;
    }

    private static void DeleteFolder(string folder)
    {
        if (Directory.Exists(folder) && (File.GetAttributes(folder) & FileAttributes.ReparsePoint) == 0)
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    public async Task<CampaignView?> GetCampaignAsync(long campaignId, CancellationToken ct = default)
    {
        await using var db = Context();
        var c = await db.Campaigns.AsNoTracking().SingleOrDefaultAsync(c => c.Id == campaignId, ct);
        return c is null ? null : ToView(c);
    }

    public async Task<long> StartRecordAsync(NewRecord record, CancellationToken ct = default)
    {
        await using var db = Context();
        var entity = new RecordEntity
        {
            CampaignId = record.CampaignId,
            PointKey = record.PointKey,
            ParamsJson = JsonSerializer.Serialize(record.Params),
            Repetition = record.Repetition,
            Status = RecordStatus.Running,
            StartedAt = record.StartedAt,
            HostJson = JsonSerializer.Serialize(record.Host),
        };
        db.Records.Add(entity);
        await db.SaveChangesAsync(ct);
        return entity.Id;
    }

    public async Task SetRecordDirAsync(long recordId, string recordDir, CancellationToken ct = default)
    {
        await using var db = Context();
        var n = await db.Records.Where(r => r.Id == recordId)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.RecordDir, recordDir), ct);
        EnsureFound(n, recordId);
    }

    public async Task SetWindowAsync(long recordId, long t0Us, long t1Us, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(t0Us, t1Us);
        await using var db = Context();
        var n = await db.Records.Where(r => r.Id == recordId)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.T0Us, t0Us).SetProperty(r => r.T1Us, t1Us), ct);
        EnsureFound(n, recordId);
    }

    public async Task FinishRecordAsync(long recordId, RecordStatus status, string? reason, DateTimeOffset endedAt,
        IReadOnlyDictionary<string, double> summary, CancellationToken ct = default)
    {
        await using var db = Context();
        // The record's frames are all written by now: their digest is read and reduced once, here, for every later view.
        var started = await db.Records.Where(r => r.Id == recordId).Select(r => (DateTimeOffset?)r.StartedAt).SingleOrDefaultAsync(ct);
        var digest = started is { } origin
            ? FrameDigest.Compute(await Database.LoadFrameColumnsAsync(recordId, ct), origin.ToUnixTimeMilliseconds() * 1000)
            : null;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var n = await db.Records.Where(r => r.Id == recordId).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Status, status)
            .SetProperty(r => r.Reason, reason)
            .SetProperty(r => r.EndedAt, endedAt), ct);
        EnsureFound(n, recordId);
        await db.Summaries.Where(s => s.RecordId == recordId).ExecuteDeleteAsync(ct);
        // SQLite stores NaN as NULL; a metric that could not be computed is simply absent.
        db.Summaries.AddRange(summary.Where(m => !double.IsNaN(m.Value))
            .Select(m => new SummaryEntity { RecordId = recordId, Metric = m.Key, Value = m.Value }));
        await db.SaveChangesAsync(ct);
        await UpsertDigestAsync(db, recordId, digest!, ct);
        await tx.CommitAsync(ct);
    }

    public async Task<FrameDigest?> LoadFrameDigestAsync(long recordId, CancellationToken ct = default)
    {
        await using var db = Context();
        var row = await db.FrameDigests.AsNoTracking().Where(d => d.RecordId == recordId).Select(d => new { d.Version, d.Body }).SingleOrDefaultAsync(ct);
        return row?.Version == FrameDigest.Version ? JsonSerializer.Deserialize<FrameDigest>(row.Body, DigestJson) : null;
    }

    public async Task SaveFrameDigestAsync(long recordId, FrameDigest digest, CancellationToken ct = default)
    {
        await using var db = Context();
        await UpsertDigestAsync(db, recordId, digest, ct);
    }

    // Doubles are written in their shortest round-trip form: a stored digest draws exactly what the frames would.
    private static readonly JsonSerializerOptions DigestJson = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    private static Task<int> UpsertDigestAsync(StreamLabDbContext db, long recordId, FrameDigest digest, CancellationToken ct)
    {
        var body = JsonSerializer.Serialize(digest, DigestJson);
        return db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO frame_digests (record_id, version, body) VALUES ({recordId}, {FrameDigest.Version}, {body})
            ON CONFLICT (record_id) DO UPDATE SET version = excluded.version, body = excluded.body
            """, ct);
    }

    public async Task<RecordView?> GetRecordAsync(long recordId, CancellationToken ct = default)
    {
        await using var db = Context();
        var views = await ViewsAsync(db.Records.Where(r => r.Id == recordId), ct);
        return views.SingleOrDefault();
    }

    public async Task<IReadOnlyList<RecordView>> ListRecordsAsync(string? campaign = null, CancellationToken ct = default)
    {
        await using var db = Context();
        var query = campaign is null ? db.Records : db.Records.Where(r => r.Campaign!.Name == campaign);
        return await ViewsAsync(query, ct);
    }

    public Task<RecordRaw> LoadRawAsync(long recordId, CancellationToken ct = default) => Database.LoadRawAsync(recordId, ct);

    public Task<FrameColumns> LoadFrameColumnsAsync(long recordId, CancellationToken ct = default) =>
        Database.LoadFrameColumnsAsync(recordId, ct);

    public Task<IReadOnlyList<FrameQualityPoint>> LoadFrameQualityAsync(long recordId, CancellationToken ct = default) =>
        Database.LoadFrameQualityAsync(recordId, ct);

    public Task<RecordRaw> LoadSamplesAndEventsAsync(long recordId, CancellationToken ct = default) =>
        Database.LoadSamplesAndEventsAsync(recordId, ct);

    public IRawWriter CreateRawWriter() => Database.CreateRawWriter();

    public Task<IImportTransaction> BeginImportAsync(CancellationToken ct = default) => Database.BeginImportAsync(ct);

    private StreamLabDbContext Context() => Database.CreateContext();

    private async Task<List<RecordView>> ViewsAsync(IQueryable<RecordEntity> query, CancellationToken ct)
    {
        var rows = await query.AsNoTracking().OrderBy(r => r.Id)
            .Select(r => new { Record = r, Campaign = r.Campaign!.Name })
            .ToListAsync(ct);
        // Summaries through the database's own API (bench ui: a 1,000-record campaign's explorer spends most of its time here).
        var summaries = await Database.LoadSummariesAsync(rows.ConvertAll(r => r.Record.Id), ct);
        return rows.ConvertAll(r => ToView(r.Record, r.Campaign, summaries.GetValueOrDefault(r.Record.Id) ?? Empty));
    }

    private static readonly IReadOnlyDictionary<string, double> Empty = new Dictionary<string, double>();

    private static RecordView ToView(RecordEntity r, string campaign, IReadOnlyDictionary<string, double> summary) => new(
        r.Id, r.CampaignId, campaign, r.PointKey,
        JsonSerializer.Deserialize<Dictionary<string, string>>(r.ParamsJson) ?? [],
        r.Repetition, r.Status, r.Reason, r.StartedAt, r.EndedAt, r.T0Us, r.T1Us, r.RecordDir,
        r.HostJson is null ? null : JsonSerializer.Deserialize<HostFingerprint>(r.HostJson),
        summary);

    private static CampaignView ToView(CampaignEntity c) =>
        new(c.Id, c.Name, c.Description, c.Yaml, c.SourcePath, c.CreatedAt);

    private static void EnsureFound(int updated, long recordId)
    {
        if (updated == 0) throw new KeyNotFoundException($"Record {recordId} does not exist.");
    }
}
