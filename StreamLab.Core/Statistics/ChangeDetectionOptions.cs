namespace StreamLab.Core.Statistics;

/// <summary>
/// Settings of <see cref="EDivisive"/>. The defaults are MongoDB's (significance 0.01) with more shuffles (199, so
/// the smallest p is 0.005), and at least 2 runs on each side of a change: one run alone is an outlier, not a new level.
/// </summary>
public sealed record ChangeDetectionOptions(double Alpha = 0.01, int Permutations = 199, int MinSegment = 2, int Seed = 2014)
{
    public static ChangeDetectionOptions Default { get; } = new();
}
