using StreamLab.Core.Campaigns;
using StreamLab.Core.Storage;

namespace StreamLab.Web.Dashboard;

/// <summary>The matrix explorer's default view of a campaign: its YAML's <c>explore:</c> (e.g. the x264 matrix's rate-quality curve).</summary>
public static class MatrixDefaults
{
    /// <summary>The stored campaign's <c>explore:</c>, or null (none, unknown campaign, or YAML that no longer loads).</summary>
    public static async Task<string?> StatAsync(IResultStore store, string campaign, CancellationToken ct = default)
    {
        if (await store.FindCampaignAsync(campaign, ct) is not { } stored)
        {
            return null;
        }
        var loaded = CampaignLoader.LoadText(stored.Yaml, stored.SourcePath);
        return loaded.IsValid ? loaded.Campaign!.Explore : null;
    }
}
