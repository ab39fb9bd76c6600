using System.Numerics;
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
    /// <remarks>
    /// An exclusion matches a point when every parameter it names has that value in the point. No axes give one empty point.
    /// Throws <see cref="MatrixLimitException"/> above <see cref="CampaignLimits.MaxRecords"/> points, counted before anything is built.
    /// </remarks>
    public static IReadOnlyList<MatrixPoint> Expand(IReadOnlyList<MatrixAxis> axes, IReadOnlyList<IReadOnlyDictionary<string, string>> exclude)
    {
        var space = new MatrixSpace(axes, exclude);
        var count = space.Count();
        if (count > CampaignLimits.MaxRecords)
        {
            throw new MatrixLimitException(TooMany(count, 1));
        }
        return space.Points().ToList();
    }

    /// <summary>The campaign's points one at a time (for previews that show the first few); the same limit as <see cref="Expand(Campaign)"/>.</summary>
    public static IEnumerable<MatrixPoint> EnumeratePoints(Campaign c)
    {
        var space = new MatrixSpace(c.Matrix, c.Exclude);
        var count = space.Count();
        return count > CampaignLimits.MaxRecords ? throw new MatrixLimitException(TooMany(count, 1)) : space.Points();
    }

    /// <summary>How many points the matrix has after exclusions, counted without listing them (exact, however large).</summary>
    public static BigInteger CountPoints(IReadOnlyList<MatrixAxis> axes, IReadOnlyList<IReadOnlyDictionary<string, string>> exclude) =>
        new MatrixSpace(axes, exclude).Count();

    /// <summary>Points × repetitions: how many records a full run of the campaign plans; <see cref="MatrixLimitException"/> above the limit.</summary>
    public static int CountRecords(Campaign c)
    {
        var points = CountPoints(c.Matrix, c.Exclude);
        var records = points * Math.Max(1, c.Repetitions);
        return records > CampaignLimits.MaxRecords ? throw new MatrixLimitException(TooMany(points, c.Repetitions)) : (int)records;
    }

    /// <summary>The error for a campaign planning more than <see cref="CampaignLimits.MaxRecords"/> records.</summary>
    public static string TooMany(BigInteger points, int repetitions) =>
        $"the campaign would run {points:N0} point(s) × {repetitions:N0} repetition(s) = {points * repetitions:N0} records; " +
        $"at most {CampaignLimits.MaxRecords:N0} records run in one campaign: split it or sweep fewer values";

    /// <summary>
    /// The records to run: sequential runs every point once per round (repetition 1, then 2, …) so drift spreads
    /// over all points; shuffled is that list shuffled (Fisher–Yates) with <c>new Random(Seed)</c>, so it is reproducible.
    /// </summary>
    public static IReadOnlyList<PlannedRun> Plan(Campaign c)
    {
        var space = new MatrixSpace(c.Matrix, c.Exclude);
        var count = space.Count();
        if (count * Math.Max(1, c.Repetitions) > CampaignLimits.MaxRecords)
        {
            throw new MatrixLimitException(TooMany(count, c.Repetitions));
        }
        var points = space.Points().ToList();
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
}
