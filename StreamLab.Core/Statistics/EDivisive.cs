namespace StreamLab.Core.Statistics;

/// <summary>
/// E-divisive means change-point detection (Matteson &amp; James 2014, "A nonparametric approach for multiple change
/// point analysis of multivariate data", JASA 109(505):334–345), in the form MongoDB uses on its CI performance
/// history (Daly et al., ICPE 2020) and Hunter after it (Fleming et al., ICPE 2023): the divergence between the
/// values left and right of a split τ of a segment of m values is
/// Q̂(τ) = τ(m−τ)/m · [2/(τ(m−τ)) Σ|Xᵢ−Yⱼ| − 2/(τ(τ−1)) Σᵢ&lt;ₖ|Xᵢ−Xₖ| − 2/((m−τ)(m−τ−1)) Σⱼ&lt;ₖ|Yⱼ−Yₖ|] (exponent 1);
/// the split with the largest Q̂ over all current segments is accepted when a permutation test says it is unlikely
/// under no change: each segment's values are shuffled <see cref="ChangeDetectionOptions.Permutations"/> times, and
/// p = (1 + #{shuffles whose best Q̂ ≥ the observed one}) / (1 + permutations). Accepted splits cut the series into
/// segments and the search repeats (bisection) until a split fails the test. Nonparametric: it needs no model of the
/// noise, which for latencies is skewed. The shuffles use a fixed seed, so the same series always gives the same answer.
/// </summary>
public static class EDivisive
{
    public static IReadOnlyList<ChangePoint> Detect(IReadOnlyList<double> series, ChangeDetectionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        options ??= ChangeDetectionOptions.Default;
        if (series.Any(v => !double.IsFinite(v)))
        {
            throw new ArgumentException("A change-point series must hold finite values only.", nameof(series));
        }
        var values = series.ToArray();
        var random = new Random(options.Seed);
        var boundaries = new List<int> { 0, values.Length };
        var accepted = new List<(int Index, double P)>();
        while (BestSplit(values, boundaries, options.MinSegment) is { } best)
        {
            var p = PermutationP(values, boundaries, best.Q, options, random);
            if (p > options.Alpha)
            {
                break;
            }
            accepted.Add((best.Index, p));
            boundaries.Add(best.Index);
            boundaries.Sort();
        }
        return accepted.OrderBy(a => a.Index).Select(a => Describe(values, boundaries, a.Index, a.P)).ToList();
    }

    /// <summary>The largest Q̂ of any allowed split of any segment, or null when no segment can be split.</summary>
    private static (int Index, double Q)? BestSplit(double[] values, List<int> boundaries, int minSegment)
    {
        (int Index, double Q)? best = null;
        for (var s = 0; s + 1 < boundaries.Count; s++)
        {
            var (start, end) = (boundaries[s], boundaries[s + 1]);
            if (SegmentBest(values.AsSpan(start, end - start), minSegment) is { } split && (best is null || split.Q > best.Value.Q))
            {
                best = (start + split.Tau, split.Q);
            }
        }
        return best;
    }

    private static double PermutationP(double[] values, List<int> boundaries, double observed, ChangeDetectionOptions options, Random random)
    {
        var shuffled = (double[])values.Clone();
        var atLeast = 0;
        for (var r = 0; r < options.Permutations; r++)
        {
            var best = double.NegativeInfinity;
            for (var s = 0; s + 1 < boundaries.Count; s++)
            {
                var segment = shuffled.AsSpan(boundaries[s], boundaries[s + 1] - boundaries[s]);
                random.Shuffle(segment);
                if (SegmentBest(segment, options.MinSegment) is { } split)
                {
                    best = Math.Max(best, split.Q);
                }
            }
            // A relative tolerance so that a shuffle reproducing the observed order counts, despite rounding.
            if (best >= observed - 1e-12 * Math.Abs(observed))
            {
                atLeast++;
            }
        }
        return (1.0 + atLeast) / (1.0 + options.Permutations);
    }

    /// <summary>
    /// The split τ of <paramref name="segment"/> (left part [0, τ), right part [τ, m)) with the largest Q̂, each part at
    /// least <paramref name="minSegment"/> long. Moving one value from the right part to the left updates the three
    /// distance sums in O(m), so a segment costs O(m²).
    /// </summary>
    internal static (int Tau, double Q)? SegmentBest(ReadOnlySpan<double> segment, int minSegment)
    {
        var m = segment.Length;
        if (m < 2 * minSegment)
        {
            return null;
        }
        double cross = 0, left = 0, right = 0;
        for (var j = 1; j < m; j++)
        {
            cross += Math.Abs(segment[0] - segment[j]);
            for (var k = j + 1; k < m; k++)
            {
                right += Math.Abs(segment[j] - segment[k]);
            }
        }
        (int Tau, double Q)? best = null;
        for (var tau = 1; tau <= m - minSegment; tau++)
        {
            if (tau > 1)
            {
                // Value tau − 1 moves from the right part to the left one.
                var moved = segment[tau - 1];
                double toLeft = 0, toRight = 0;
                for (var i = 0; i < tau - 1; i++)
                {
                    toLeft += Math.Abs(moved - segment[i]);
                }
                for (var j = tau; j < m; j++)
                {
                    toRight += Math.Abs(moved - segment[j]);
                }
                cross += toRight - toLeft;
                left += toLeft;
                right -= toRight;
            }
            if (tau < minSegment)
            {
                continue;
            }
            var q = Q(cross, left, right, tau, m - tau);
            if (best is null || q > best.Value.Q)
            {
                best = (tau, q);
            }
        }
        return best;
    }

    private static double Q(double cross, double left, double right, int x, int y)
    {
        var within = (x > 1 ? 2 * left / (x * (x - 1.0)) : 0) + (y > 1 ? 2 * right / (y * (y - 1.0)) : 0);
        return x * (double)y / (x + y) * (2 * cross / (x * (double)y) - within);
    }

    private static ChangePoint Describe(double[] values, List<int> boundaries, int index, double p)
    {
        var at = boundaries.IndexOf(index);
        var before = values.AsSpan(boundaries[at - 1], index - boundaries[at - 1]);
        var after = values.AsSpan(index, boundaries[at + 1] - index);
        return new ChangePoint(index, Mean(before), Mean(after), p);
    }

    private static double Mean(ReadOnlySpan<double> values)
    {
        var sum = 0.0;
        foreach (var v in values)
        {
            sum += v;
        }
        return sum / values.Length;
    }
}
