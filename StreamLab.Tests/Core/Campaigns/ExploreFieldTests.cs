using static StreamLab.Tests.Core.Campaigns.CampaignYaml;

namespace StreamLab.Tests.Core.Campaigns;

/// <summary><c>explore:</c> is the matrix explorer's default stat; a malformed one is an error at its line and column.</summary>
public class ExploreFieldTests
{
    private const string Base = """
        name: rates
        duration: 1s
        matrix: { bitrate_kbps: [500, 1000], mode: [a, b] }
        roles:
          server:
            command: [run]

        """;

    [Theory]
    [InlineData("reg:ssim_mean:bitrate_kbps")]
    [InlineData("ssim_mean")]
    [InlineData("heat:ssim:time_s")]
    public void Explore_WellFormed_IsKept(string view)
    {
        var result = Load(Base + $"explore: {view}\n");
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(view, result.Campaign!.Explore);
    }

    [Fact]
    public void Explore_RegressionOnAnUnknownParameter_SaysWhichExist() =>
        AssertAt(SingleError(Base + "explore: reg:ssim_mean:fps\n"), 7, 10, "explore", "'fps' is not a matrix parameter of this campaign; matrix: bitrate_kbps, mode");

    [Fact]
    public void Explore_RegressionOnTextValues_IsAnError() =>
        AssertAt(SingleError(Base + "explore: reg:ssim_mean:mode\n"), 7, 10, "explore", "must have numeric values");

    [Fact]
    public void Explore_Malformed_IsAnError() =>
        AssertAt(SingleError(Base + "explore: \"reg:ssim_mean\"\n"), 7, 10, "explore", "must be a metric name, reg:<metric>:<matrix parameter>");

    [Fact]
    public void Explore_InTheX264Campaign_IsItsRateQualityCurve()
    {
        var result = StreamLab.Core.Campaigns.CampaignLoader.LoadFile(Path.Combine(Repo.Root, "campaigns", "x264-matrix.yaml"));
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal("reg:ssim_mean:bitrate_kbps", result.Campaign!.Explore);
        Assert.Contains(result.Campaign.Targets, t => t.Metric == "ssim_mean");
    }
}
