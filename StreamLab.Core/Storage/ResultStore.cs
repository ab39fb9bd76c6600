using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using StreamLab.Core.Campaigns;
using StreamLab.Core.Raw;
using StreamLab.Core.Storage.Model;

namespace StreamLab.Core.Storage;

/// <summary>The SQLite results database: EF Core for campaigns, records and summaries; raw rows bypass EF.</summary>
public sealed class ResultStore : IResultStore
{
    public const string InterruptedReason = "StreamLab stopped while the record was running";

    private readonly DbContextOptions<StreamLabDbContext> _options;
    private readonly TimeProvider _time;

    public ResultStore(string connectionString, TimeProvider? time = null)
    {
        ConnectionString = connectionString;
        _time = time ?? TimeProvider.System;
        _options = new DbContextOptionsBuilder<StreamLabDbContext>()
            .UseSqlite(connectionString)
            .AddInterceptors(SqliteSetup.PragmaInterceptor.Instance)
            .Options;
    }

    /// <summary>A store on <c>dataDir/streamlab.db</c>, creating the folder if needed. Call <see cref="MigrateAsync"/> next.</summary>
    public static ResultStore OpenSqlite(string dataDir, TimeProvider? time = null)
    {
        Directory.CreateDirectory(dataDir);
        return new ResultStore(SqliteSetup.ConnectionString(Path.Combine(dataDir, SqliteSetup.FileName)), time);
    }

    public string ConnectionString { get; }

    /// <summary>The folder holding the database file: the data folder, whose <c>records/</c> holds the record folders.</summary>
    private string DataDirectory =>
        Path.GetDirectoryName(Path.GetFullPath(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(ConnectionString).DataSource)) ?? ".";

    public async Task MigrateAsync(CancellationToken ct = default)
    {
        await using var db = Context();
        await db.Database.MigrateAsync(ct);
    }

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
        var records = Path.Combine(DataDirectory, "records") + Path.DirectorySeparatorChar;
        var uploads = Path.Combine(DataDirectory, "uploads") + Path.DirectorySeparatorChar;
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
        await tx.CommitAsync(ct);
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

    public Task<RecordRaw> LoadRawAsync(long recordId, CancellationToken ct = default) =>
        RawReader.LoadAsync(ConnectionString, recordId, ct);

    public Task<FrameColumns> LoadFrameColumnsAsync(long recordId, CancellationToken ct = default) =>
        RawColumnReader.LoadFramesAsync(ConnectionString, recordId, ct);

    public Task<RecordRaw> LoadSamplesAndEventsAsync(long recordId, CancellationToken ct = default) =>
        RawColumnReader.LoadSamplesAndEventsAsync(ConnectionString, recordId, ct);

    public IRawWriter CreateRawWriter() => new BulkWriter(ConnectionString);

    private StreamLabDbContext Context() => new(_options);

    private async Task<List<RecordView>> ViewsAsync(IQueryable<RecordEntity> query, CancellationToken ct)
    {
        var rows = await query.AsNoTracking().OrderBy(r => r.Id)
            .Select(r => new { Record = r, Campaign = r.Campaign!.Name })
            .ToListAsync(ct);
        // Summaries through SQLite's own API (bench ui: a 1,000-record campaign's explorer spends most of its time here).
        var summaries = await RawColumnReader.LoadSummariesAsync(ConnectionString, rows.ConvertAll(r => r.Record.Id), ct);
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
