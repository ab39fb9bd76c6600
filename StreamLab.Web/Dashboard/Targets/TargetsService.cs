using System.Globalization;
using StreamLab.Core.Campaigns;
using StreamLab.Core.Storage;
using StreamLab.Web.Security;

namespace StreamLab.Web.Dashboard.Targets;

/// <summary>Loads a campaign, its records and one version of its targets, and builds the <see cref="TargetsView"/>; page and API share it.</summary>
public sealed class TargetsService(IResultStore store, ChangeAccess access)
{
    private readonly TargetVersionStore _versions = TargetVersionStore.For(store);

    /// <summary>Version null = the newest; 0 = the campaign file's <c>targets:</c>.</summary>
    public async Task<TargetsView> BuildAsync(string? campaignName, string? version, CancellationToken ct = default)
    {
        int? number = null;
        if (version is not null)
        {
            if (!int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                throw new ViewProblem(400, "Bad version", $"version '{version}' is not a whole number ≥ 0 (0 is the campaign file's targets).");
            }
            number = parsed;
        }
        return await BuildAsync(campaignName, number, ct);
    }

    public Task<TargetsView> BuildAsync(string? campaignName, int? version, CancellationToken ct = default) =>
        BuildAsync(store, campaignName, version, ct);

    /// <summary>The view from <paramref name="store"/> alone: what the page shows and what <c>run --gate targets</c> judges.</summary>
    public static async Task<TargetsView> BuildAsync(IResultStore store, string? campaignName, int? version, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(campaignName))
        {
            throw new ViewProblem(400, "No campaign", "Name a campaign: ?campaign=NAME.");
        }
        var campaign = await store.FindCampaignAsync(campaignName, ct)
            ?? throw new ViewProblem(404, "Unknown campaign", $"There is no campaign named '{campaignName}'.");
        var loaded = CampaignLoader.LoadText(campaign.Yaml, campaign.SourcePath);
        var fromFile = loaded.IsValid ? loaded.Campaign!.Targets : [];
        var saved = await TargetVersionStore.For(store).ListAsync(campaign.Name, ct);
        var versions = new[] { 0 }.Concat(saved.Select(s => s.Version)).ToList();
        var shown = version ?? versions[^1];
        IReadOnlyList<TargetSpec> targets;
        if (shown == 0)
        {
            targets = fromFile;
        }
        else if (saved.FirstOrDefault(s => s.Version == shown) is { } chosen)
        {
            targets = TargetsBuilder.Parse(chosen.Targets).Targets;
        }
        else
        {
            throw new ViewProblem(404, "Unknown version",
                $"Campaign '{campaign.Name}' has no targets version {shown}; versions: {string.Join(", ", versions)} (0 is the campaign file).");
        }
        var records = await store.ListRecordsAsync(campaign.Name, ct);
        return TargetsBuilder.Build(campaign.Name, shown, versions, targets, loaded.IsValid ? loaded.Campaign!.Cost : null, records);
    }

    /// <summary>Validates and saves target lines as the campaign's next version; returns the version or every error (with its line).</summary>
    /// <exception cref="ChangeDeniedException">STREAMLAB_TOKEN is set and the caller has not proved it.</exception>
    public async Task<(int? Version, IReadOnlyList<string> Errors)> SaveAsync(string campaign, string text, CancellationToken ct = default)
    {
        await access.EnsureAsync("Saving targets");
        var (targets, errors) = TargetsBuilder.Parse(text.Split('\n'));
        if (errors.Count > 0)
        {
            return (null, errors);
        }
        if (targets.Count == 0)
        {
            return (null, ["write at least one target, e.g. 'fps_mean >= 18'"]);
        }
        return (await _versions.SaveAsync(campaign, targets.Select(t => t.Text).ToList(), ct), []);
    }
}
