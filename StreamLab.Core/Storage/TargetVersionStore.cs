using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using StreamLab.Core.Storage.Model;

namespace StreamLab.Core.Storage;

/// <summary>One saved set of targets of a campaign: version 1, 2, … (version 0 is the campaign file's <c>targets:</c>).</summary>
public sealed record TargetVersion(int Version, IReadOnlyList<string> Targets, DateTimeOffset CreatedAt);

/// <summary>Targets saved from the targets page, versioned per campaign in table <c>target_versions</c>.</summary>
public sealed class TargetVersionStore(StoreDatabase database, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>The store beside a <see cref="ResultStore"/> (same database).</summary>
    public static TargetVersionStore For(IResultStore store) => store is ResultStore results
        ? new TargetVersionStore(results.Database)
        : throw new NotSupportedException($"target versions need the ResultStore, not {store.GetType().Name}");

    /// <summary>Saves the targets as the campaign's next version and returns its number.</summary>
    public async Task<int> SaveAsync(string campaign, IReadOnlyList<string> targets, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var campaignId = await db.Campaigns.Where(c => c.Name == campaign).Select(c => (long?)c.Id).SingleOrDefaultAsync(ct)
            ?? throw new InvalidOperationException($"There is no campaign named '{campaign}'.");
        // One writer at a time per data folder in practice; the unique index turns a race into an error, not a duplicate.
        var last = await db.TargetVersions.Where(t => t.CampaignId == campaignId).MaxAsync(t => (int?)t.Version, ct) ?? 0;
        db.TargetVersions.Add(new TargetVersionEntity
        {
            CampaignId = campaignId,
            Version = last + 1,
            TargetsJson = JsonSerializer.Serialize(targets),
            CreatedAt = _time.GetUtcNow(),
        });
        await db.SaveChangesAsync(ct);
        return last + 1;
    }

    /// <summary>Every saved version of the campaign, oldest first (empty for an unknown campaign).</summary>
    public async Task<IReadOnlyList<TargetVersion>> ListAsync(string campaign, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var rows = await db.TargetVersions
            .Where(t => db.Campaigns.Any(c => c.Id == t.CampaignId && c.Name == campaign))
            .OrderBy(t => t.Version).ToListAsync(ct);
        return rows.Select(r => new TargetVersion(r.Version, JsonSerializer.Deserialize<List<string>>(r.TargetsJson) ?? [], r.CreatedAt)).ToList();
    }
}
