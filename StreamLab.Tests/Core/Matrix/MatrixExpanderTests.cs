using StreamLab.Core.Campaigns;
using StreamLab.Core.Matrix;

namespace StreamLab.Tests.Core.Matrix;

public class MatrixExpanderTests
{
    private static Campaign Campaign(string? exclude = null, string order = "sequential", int seed = 0, int repetitions = 1)
    {
        var yaml = $"""
            name: m
            duration: 20s
            warmup: 3s
            repetitions: {repetitions}
            order: {order}
            seed: {seed}
            matrix:
              rate: [10, 20, 30]
              size: [small, large]
            exclude: {exclude ?? "[]"}
            roles:
              s:
                command: [x]
            """;
        var result = CampaignLoader.LoadText(yaml, "m.yaml");
        Assert.Empty(result.Errors);
        return result.Campaign!;
    }

    [Fact]
    public void Expand_WithTwoAxes_GivesCartesianProductWithFirstAxisSlowest()
    {
        var keys = MatrixExpander.Expand(Campaign()).Select(p => p.Key);

        Assert.Equal(
            [
                "rate=10_size=small", "rate=10_size=large",
                "rate=20_size=small", "rate=20_size=large",
                "rate=30_size=small", "rate=30_size=large",
            ],
            keys);
    }

    [Fact]
    public void Expand_WithExclusions_SkipsExcludedPoints()
    {
        var points = MatrixExpander.Expand(Campaign("[{ rate: 20, size: large }, { rate: 30 }]"));

        Assert.Equal(["rate=10_size=small", "rate=10_size=large", "rate=20_size=small"], points.Select(p => p.Key));
    }

    [Fact]
    public void Expand_Points_KeepMatrixValuesOnly()
    {
        var point = MatrixExpander.Expand(Campaign())[1];

        Assert.Equal(new Dictionary<string, string> { ["rate"] = "10", ["size"] = "large" }, point.Values);
    }

    [Fact]
    public void Expand_WithAxesOutOfNameOrder_SortsTheCanonicalKeyByName()
    {
        var axes = new[] { new MatrixAxis("framerate", ["20"]), new MatrixAxis("bitrate", ["32000", "64000"]) };

        var keys = MatrixExpander.Expand(axes, []).Select(p => p.Key);

        Assert.Equal(["bitrate=32000_framerate=20", "bitrate=64000_framerate=20"], keys);
    }

    [Fact]
    public void Expand_WithoutMatrix_GivesOneEmptyPoint()
    {
        var point = Assert.Single(MatrixExpander.Expand([], []));

        Assert.Empty(point.Values);
        Assert.Equal("", point.Key);
    }

    [Fact]
    public void Plan_Sequential_RunsEveryPointPerRepetitionRound()
    {
        var plan = MatrixExpander.Plan(Campaign("[{ rate: 20 }, { rate: 30 }]", repetitions: 3));

        Assert.Equal(
            [
                ("rate=10_size=small", 1), ("rate=10_size=large", 1),
                ("rate=10_size=small", 2), ("rate=10_size=large", 2),
                ("rate=10_size=small", 3), ("rate=10_size=large", 3),
            ],
            plan.Select(r => (r.Point.Key, r.Repetition)));
    }

    [Fact]
    public void Plan_ShuffledWithSameSeed_IsReproducible()
    {
        var first = MatrixExpander.Plan(Campaign(order: "shuffled", seed: 7, repetitions: 2));
        var second = MatrixExpander.Plan(Campaign(order: "shuffled", seed: 7, repetitions: 2));

        Assert.Equal(first.Select(r => (r.Point.Key, r.Repetition)), second.Select(r => (r.Point.Key, r.Repetition)));
    }

    [Fact]
    public void Plan_ShuffledWithAnotherSeed_GivesAnotherOrderOfTheSameRuns()
    {
        var sequential = MatrixExpander.Plan(Campaign(repetitions: 2)).Select(r => (r.Point.Key, r.Repetition)).ToList();
        var seven = MatrixExpander.Plan(Campaign(order: "shuffled", seed: 7, repetitions: 2)).Select(r => (r.Point.Key, r.Repetition)).ToList();
        var eight = MatrixExpander.Plan(Campaign(order: "shuffled", seed: 8, repetitions: 2)).Select(r => (r.Point.Key, r.Repetition)).ToList();

        Assert.NotEqual(seven, eight);
        Assert.NotEqual(sequential, seven);
        Assert.Equal(sequential.Order(), seven.Order());
        Assert.Equal(sequential.Order(), eight.Order());
    }

    [Fact]
    public void Plan_Shuffled_IsFisherYatesWithSeededRandom()
    {
        var campaign = Campaign(order: "shuffled", seed: 42);
        var expected = MatrixExpander.Expand(campaign).Select(p => p.Key).ToArray();
        var random = new Random(42);
        for (var i = expected.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (expected[i], expected[j]) = (expected[j], expected[i]);
        }

        Assert.Equal(expected, MatrixExpander.Plan(campaign).Select(r => r.Point.Key));
    }

    [Fact]
    public void Estimate_AddsWarmupDurationAndOverheadPerRun()
    {
        var estimate = MatrixExpander.Estimate(Campaign(), 10);

        Assert.Equal(TimeSpan.FromSeconds(2), MatrixExpander.PerRecordOverhead);
        Assert.Equal(TimeSpan.FromSeconds(10 * (3 + 20 + 2)), estimate);
    }
}
