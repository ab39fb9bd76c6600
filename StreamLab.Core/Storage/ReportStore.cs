using Microsoft.EntityFrameworkCore;
using StreamLab.Core.Storage.Model;

namespace StreamLab.Core.Storage;

/// <summary>Reports in the results database (table <c>reports</c>, created by the <c>AddReports</c> migration).</summary>
public sealed class ReportStore : IReportStore
{
    private readonly StoreDatabase _database;
    private readonly TimeProvider _time;

    public ReportStore(StoreDatabase database, TimeProvider? time = null)
    {
        _database = database;
        _time = time ?? TimeProvider.System;
    }

    public async Task<StoredReport> CreateAsync(NewReport report, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(report.Kind);
        await using var db = _database.CreateContext();
        var entity = new ReportEntity
        {
            Slug = ReportSlug.New(),
            Kind = report.Kind,
            Title = report.Title,
            Campaign = report.Campaign,
            // Whole seconds: what SQLite's text column and PostgreSQL's timestamptz both keep and what the page shows, so a read-back equals the original.
            CreatedAt = DateTimeOffset.FromUnixTimeSeconds(_time.GetUtcNow().ToUnixTimeSeconds()),
            SettingsJson = report.SettingsJson,
            DataJson = report.DataJson,
            DataHash = ReportSlug.Hash(report.DataJson),
        };
        db.Reports.Add(entity);
        await db.SaveChangesAsync(ct);
        return ToStored(entity);
    }

    public async Task<StoredReport?> GetAsync(string slug, CancellationToken ct = default)
    {
        if (!ReportSlug.IsWellFormed(slug))
        {
            return null;
        }
        await using var db = _database.CreateContext();
        var entity = await db.Reports.AsNoTracking().SingleOrDefaultAsync(r => r.Slug == slug, ct);
        return entity is null ? null : ToStored(entity);
    }

    public async Task<IReadOnlyList<ReportSummary>> ListAsync(CancellationToken ct = default)
    {
        await using var db = _database.CreateContext();
        var rows = await db.Reports.AsNoTracking().OrderByDescending(r => r.Id)
            .Select(r => new { r.Slug, r.Kind, r.Title, r.Campaign, r.CreatedAt, r.DataHash })
            .ToListAsync(ct);
        return rows.ConvertAll(r => new ReportSummary(r.Slug, r.Kind, r.Title, r.Campaign, r.CreatedAt, r.DataHash));
    }

    public async Task<bool> DeleteAsync(string slug, CancellationToken ct = default)
    {
        if (!ReportSlug.IsWellFormed(slug))
        {
            return false;
        }
        await using var db = _database.CreateContext();
        return await db.Reports.Where(r => r.Slug == slug).ExecuteDeleteAsync(ct) > 0;
    }

    private static StoredReport ToStored(ReportEntity e) =>
        new(e.Slug, e.Kind, e.Title, e.Campaign, e.CreatedAt, e.SettingsJson, e.DataJson, e.DataHash);
}
