using StreamLab.Core.Campaigns;

namespace StreamLab.Core.Matrix;

/// <summary>One record to run: a matrix point and its repetition number (from 1).</summary>
public sealed record PlannedRun(MatrixPoint Point, int Repetition);

/// <summary>Expands a campaign's matrix into points and orders the records a run executes.</summary>
public static class MatrixExpander
{
    /// <summary>Allowance per record for starting and stopping the stack, on top of warm-up and measurement.</summary>
    public static TimeSpan PerRecordOverhead { get; } = TimeSpan.FromSeconds(2);

    /// <summary>Every combination of the campaign's axes (first axis varies slowest, values in file order) minus excluded ones.</summary>
    public static IReadOnlyList<MatrixPoint> Expand(Campaign c) => Expand(c.Matrix, c.Exclude);

    /// <summary>The Cartesian product of <paramref name="axes"/> minus points that match any exclusion.</summary>
    /// <remarks>An exclusion matches a point when every parameter it names has that value in the point. No axes give one empty point.</remarks>
    public static IReadOnlyList<MatrixPoint> Expand(IReadOnlyList<MatrixAxis> axes, IReadOnlyList<IReadOnlyDictionary<string, string>> exclude)
    {
        IEnumerable<IReadOnlyList<KeyValuePair<string, string>>> combinations = [[]];
        foreach (var axis in axes)
        {
            // Appending inner axes to each outer combination keeps the first axis varying slowest.
            combinations = combinations.SelectMany(
                prefix => axis.Values,
                (prefix, value) => (IReadOnlyList<KeyValuePair<string, string>>)[.. prefix, new(axis.Name, value)]);
        }
        return combinations
            .Select(pairs => new MatrixPoint(pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal)))
            .Where(point => !exclude.Any(exclusion => Matches(exclusion, point)))
            .ToList();
    }

    /// <summary>
    /// The records to run: sequential runs every point once per round (repetition 1, then 2, …) so drift spreads
    /// over all points; shuffled is that list shuffled (Fisher–Yates) with <c>new Random(Seed)</c>, so it is reproducible.
    /// </summary>
    public static IReadOnlyList<PlannedRun> Plan(Campaign c)
    {
        var points = Expand(c);
        var runs = new List<PlannedRun>(points.Count * c.Repetitions);
        for (var repetition = 1; repetition <= c.Repetitions; repetition++)
        {
            runs.AddRange(points.Select(point => new PlannedRun(point, repetition)));
        }
        if (c.Order == RunOrder.Shuffled)
        {
            var random = new Random(c.Seed);
            for (var i = runs.Count - 1; i > 0; i--)
            {
                var j = random.Next(i + 1);
                (runs[i], runs[j]) = (runs[j], runs[i]);
            }
        }
        return runs;
    }

    /// <summary>How long <paramref name="runs"/> records take: each gets warm-up, duration and <see cref="PerRecordOverhead"/>.</summary>
    public static TimeSpan Estimate(Campaign c, int runs) => runs * (c.Warmup + c.Duration + PerRecordOverhead);

    private static bool Matches(IReadOnlyDictionary<string, string> exclusion, MatrixPoint point) =>
        exclusion.All(p => point.Values.TryGetValue(p.Key, out var value) && value == p.Value);
}
