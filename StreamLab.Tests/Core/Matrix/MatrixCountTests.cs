using System.Numerics;
using StreamLab.Core.Campaigns;
using StreamLab.Core.Matrix;

namespace StreamLab.Tests.Core.Matrix;

/// <summary>Counting points without expanding them, and refusing campaigns that plan more records than the limit.</summary>
public class MatrixCountTests
{
    [Fact]
    public void CountPoints_MatchesTheBruteForceExpansion_OnRandomMatricesWithExclusions()
    {
        var random = new Random(19);
        for (var trial = 0; trial < 300; trial++)
        {
            var axes = Enumerable.Range(0, random.Next(0, 5))
                .Select(a => new MatrixAxis($"p{a}", Enumerable.Range(0, random.Next(1, 5)).Select(v => $"v{v}").ToList()))
                .ToList();
            var exclude = Enumerable.Range(0, random.Next(0, 6)).Select(_ => RandomExclusion(axes, random)).ToList();

            var expected = BruteForce(axes, exclude);

            Assert.Equal(expected.Count, (int)MatrixExpander.CountPoints(axes, exclude));
            Assert.Equal(expected, MatrixExpander.Expand(axes, exclude).Select(p => p.Key));
        }
    }

    [Fact]
    public void CountPoints_OfABillionPointMatrix_IsExactWithoutExpandingIt()
    {
        var axes = Enumerable.Range(0, 3).Select(a => new MatrixAxis($"p{a}", Enumerable.Range(0, 1000).Select(v => $"{v}").ToList())).ToList();
        IReadOnlyDictionary<string, string>[] exclude = [new Dictionary<string, string> { ["p0"] = "7" }, new Dictionary<string, string> { ["p1"] = "7", ["p2"] = "7" }];

        var count = MatrixExpander.CountPoints(axes, exclude);

        // 10⁹ − 10⁶ (p0=7) − 1000 (p1=p2=7) + 1 (counted twice).
        Assert.Equal(new BigInteger(1_000_000_000 - 1_000_000 - 1000 + 1), count);
        var error = Assert.Throws<MatrixLimitException>(() => MatrixExpander.Expand(axes, exclude));
        Assert.Contains("998,999,001 point(s)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Expand_ATenMillionPointMatrixThatExclusionsCutDown_ListsOnlyWhatRemains()
    {
        var axes = new List<MatrixAxis>
        {
            new("a", Enumerable.Range(0, 1000).Select(v => $"{v}").ToList()),
            new("b", Enumerable.Range(0, 1000).Select(v => $"{v}").ToList()),
            new("c", Enumerable.Range(0, 10).Select(v => $"{v}").ToList()),
        };
        var exclude = Enumerable.Range(1, 999).Select(v => (IReadOnlyDictionary<string, string>)new Dictionary<string, string> { ["a"] = $"{v}" })
            .Append(new Dictionary<string, string> { ["b"] = "5" })
            .ToList();

        var points = MatrixExpander.Expand(axes, exclude);

        Assert.Equal(999 * 10, points.Count);
        Assert.Equal("a=0_b=0_c=0", points[0].Key);
        Assert.Equal("a=0_b=999_c=9", points[^1].Key);
        Assert.DoesNotContain(points, p => p.Values["b"] == "5");
    }

    [Fact]
    public void Load_AMatrixOfABillionPoints_IsRefusedOnTheMatrixLineWithTheCount()
    {
        var values = string.Join(", ", Enumerable.Range(0, 1000));

        var result = CampaignLoader.LoadText($"name: huge\nduration: 1s\nmatrix:\n  a: [{values}]\n  b: [{values}]\n  c: [{values}]\nroles:\n  s: {{ command: [run] }}\n", "h.yaml");

        var error = Assert.Single(result.Errors);
        Assert.Equal(("matrix", 4), (error.Path, error.Line));
        Assert.Contains("1,000,000,000 point(s) × 1 repetition(s) = 1,000,000,000 records; at most 100,000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ABillionRepetitions_IsRefusedOnTheRepetitionsLine()
    {
        var result = CampaignLoader.LoadText("name: reps\nduration: 1s\nrepetitions: 1000000000\nmatrix: { a: [1, 2] }\nroles:\n  s: { command: [run] }\n", "r.yaml");

        var error = Assert.Single(result.Errors);
        Assert.Equal(("repetitions", 3, 14), (error.Path, error.Line, error.Column));
        Assert.Contains("2 point(s) × 1,000,000,000 repetition(s) = 2,000,000,000 records", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ExactlyTheRecordLimit_Loads_AndOneMoreDoesNot()
    {
        static CampaignLoadResult Load(int repetitions) =>
            CampaignLoader.LoadText($"name: edge\nduration: 1s\nrepetitions: {repetitions}\nmatrix: {{ a: [1, 2, 3, 4] }}\nroles:\n  s: {{ command: [run] }}\n", "e.yaml");

        Assert.True(Load(CampaignLimits.MaxRecords / 4).IsValid);
        Assert.False(Load(CampaignLimits.MaxRecords / 4 + 1).IsValid);
        Assert.Equal(CampaignLimits.MaxRecords, MatrixExpander.CountRecords(Load(CampaignLimits.MaxRecords / 4).Campaign!));
    }

    [Fact]
    public void Plan_OfACampaignBuiltPastTheLoader_StillRefusesTooManyRecords()
    {
        var campaign = new Campaign
        {
            Name = "direct",
            Duration = TimeSpan.FromSeconds(1),
            Repetitions = 1_000_000_000,
            Matrix = [new MatrixAxis("a", ["1", "2"])],
            Roles = [],
        };

        Assert.Throws<MatrixLimitException>(() => MatrixExpander.Plan(campaign));
        Assert.Throws<MatrixLimitException>(() => MatrixExpander.CountRecords(campaign));
    }

    private static Dictionary<string, string> RandomExclusion(List<MatrixAxis> axes, Random random)
    {
        var exclusion = new Dictionary<string, string>();
        foreach (var axis in axes.Where(_ => random.Next(3) == 0))
        {
            exclusion[axis.Name] = axis.Values[random.Next(axis.Values.Count)];
        }
        if (random.Next(8) == 0)
        {
            exclusion["not_an_axis"] = "x"; // never matches, like before
        }
        return exclusion;
    }

    private static List<string> BruteForce(List<MatrixAxis> axes, List<Dictionary<string, string>> exclude)
    {
        IEnumerable<Dictionary<string, string>> points = [new()];
        foreach (var axis in axes)
        {
            points = points.SelectMany(p => axis.Values.Select(v => new Dictionary<string, string>(p) { [axis.Name] = v }));
        }
        return points
            .Where(p => !exclude.Any(e => e.All(kv => p.TryGetValue(kv.Key, out var v) && v == kv.Value)))
            .Select(p => new MatrixPoint(p).Key)
            .ToList();
    }
}
