using static StreamLab.Tests.Core.Campaigns.CampaignYaml;

namespace StreamLab.Tests.Core.Campaigns;

/// <summary><c>cost:</c> names a numeric parameter; anything else is an error at its line and column.</summary>
public class CostFieldTests
{
    private const string Base = """
        name: costly
        duration: 1s
        matrix: { server_cpu: [0.5, 1, 2], mode: [a, b] }
        params: { fixed: "3" }
        roles:
          server:
            command: [run]

        """;

    [Theory]
    [InlineData("server_cpu")]
    [InlineData("fixed")]
    public void Cost_NumericParameter_IsKept(string name)
    {
        var result = Load(Base + $"cost: {name}\n");
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(name, result.Campaign!.Cost);
    }

    [Fact]
    public void Cost_UnknownParameter_SaysWhichExist() =>
        AssertAt(SingleError(Base + "cost: cpu\n"), 8, 7, "cost", "'cpu' is not a parameter of this campaign; parameters: server_cpu, mode, fixed");

    [Fact]
    public void Cost_TextValues_AreRejected() =>
        AssertAt(SingleError(Base + "cost: mode\n"), 8, 7, "cost", "must have numeric values to be a cost; not numbers: a, b");

    [Fact]
    public void Cost_Absent_IsNull() => Assert.Null(Load(Minimal).Campaign!.Cost);
}
