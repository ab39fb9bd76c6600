namespace StreamLab.Core.Statistics;

/// <summary>
/// A change in a series of runs found by <see cref="EDivisive"/>: the series' values from <see cref="Index"/> on belong
/// to another distribution than those before it. <see cref="Before"/> and <see cref="After"/> are the means of the
/// segments on either side (up to the neighbouring change points); <see cref="P"/> is the permutation test's p-value
/// when the change was accepted.
/// </summary>
public sealed record ChangePoint(int Index, double Before, double After, double P)
{
    /// <summary>(after − before) / |before|; null when before is 0.</summary>
    public double? Relative => RelativeChange.Of(Before, After);
}
