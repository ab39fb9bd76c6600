namespace StreamLab.Core.Storage.Model;

/// <summary>Table <c>target_versions</c>: targets saved for a campaign from the targets page, numbered 1, 2, … per campaign (0 is the campaign file).</summary>
public sealed class TargetVersionEntity
{
    public long Id { get; set; }
    public long CampaignId { get; set; }
    public int Version { get; set; }
    /// <summary>JSON array of target texts as written (<c>["fps_mean &gt;= 18"]</c>).</summary>
    public required string TargetsJson { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
