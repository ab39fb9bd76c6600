namespace StreamLab.Core.Campaigns;

/// <summary>One thing wrong with a campaign file, with where it is.</summary>
public sealed record CampaignError(string File, int Line, int Column, string Path, string Message)
{
    public override string ToString() => $"{File}:{Line}:{Column}: {Path}: {Message}";
}

/// <summary>A loaded campaign, or every error that kept it from loading.</summary>
public sealed record CampaignLoadResult(Campaign? Campaign, IReadOnlyList<CampaignError> Errors)
{
    public bool IsValid => Campaign is not null && Errors.Count == 0;
}

/// <summary>Thrown where an invalid campaign must stop the caller; carries every error.</summary>
public sealed class CampaignInvalidException(IReadOnlyList<CampaignError> errors)
    : Exception("invalid campaign:" + Environment.NewLine + string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<CampaignError> Errors { get; } = errors;
}
