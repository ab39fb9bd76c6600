using StreamLab.Core.Campaigns;
using StreamLab.Core.Matrix;

namespace StreamLab.Web.Dashboard;

/// <summary>A dry run: how many points and records a campaign plans, the first few points, how long it should take.</summary>
/// <remarks>Counted arithmetically and listing only <see cref="ShownPoints"/> points, so a preview costs the same for 10 or 100,000 records.</remarks>
public sealed record CampaignPreview(string Name, int PointCount, IReadOnlyList<string> FirstPoints, int Repetitions, int Records,
    TimeSpan Warmup, TimeSpan Duration, TimeSpan Estimate)
{
    /// <summary>How many point keys a preview lists.</summary>
    public const int ShownPoints = 50;

    /// <summary>The preview of a loaded (so validated) campaign; <see cref="MatrixLimitException"/> if it plans too many records.</summary>
    public static CampaignPreview Of(Campaign campaign)
    {
        var runs = MatrixExpander.CountRecords(campaign);
        var repetitions = Math.Max(1, campaign.Repetitions);
        var first = MatrixExpander.EnumeratePoints(campaign).Take(ShownPoints).Select(p => p.Key).ToList();
        return new CampaignPreview(campaign.Name, runs / repetitions, first, repetitions, runs,
            campaign.Warmup, campaign.Duration, MatrixExpander.Estimate(campaign, runs));
    }
}
