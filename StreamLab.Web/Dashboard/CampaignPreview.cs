using StreamLab.Core.Campaigns;
using StreamLab.Core.Matrix;

namespace StreamLab.Web.Dashboard;

/// <summary>A dry run: the points a campaign expands to, how many records, how long it should take.</summary>
public sealed record CampaignPreview(string Name, IReadOnlyList<string> Points, int Repetitions, int Records, TimeSpan Warmup, TimeSpan Duration, TimeSpan Estimate)
{
    public static CampaignPreview Of(Campaign campaign)
    {
        var points = MatrixExpander.Expand(campaign);
        var runs = MatrixExpander.Plan(campaign);
        return new CampaignPreview(campaign.Name, points.Select(p => p.Key).ToList(), campaign.Repetitions, runs.Count,
            campaign.Warmup, campaign.Duration, MatrixExpander.Estimate(campaign, runs.Count));
    }
}
