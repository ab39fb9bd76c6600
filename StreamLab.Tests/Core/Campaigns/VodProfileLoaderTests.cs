using StreamLab.Core.Campaigns;
using static StreamLab.Tests.Core.Campaigns.CampaignYaml;

namespace StreamLab.Tests.Core.Campaigns;

/// <summary>The vod-chunks stack's <c>profiles:</c> block and the node_mix / nodes parameters that name profiles.</summary>
public class VodProfileLoaderTests
{
    // Lines 1-4; a line appended is line 5.
    private const string Vod = "name: v\nstack: vod-chunks\nduration: 5s\nmatrix: { node_mix: [fast-fast-fast, fast-slow-quick] }";

    [Fact]
    public void Load_VodWithProfiles_PassesEveryProfileAsOneParameter_AndKeepsTheDefaults()
    {
        var result = Load(Vod + "\nprofiles: { quick: { delay_ms: 1, bandwidth_mbps: 500, down: [\"2s-3.5s\"] }, slow: { delay_ms: 90 } }");
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var campaign = result.Campaign!;
        Assert.Equal(["fast", "slow", "flaky", "quick"], campaign.Profiles.Keys);
        Assert.Equal(new NodeProfile("quick", 1, 500, campaign.Profiles["quick"].Down), campaign.Profiles["quick"]);
        Assert.Equal(new DownWindow(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3.5)), Assert.Single(campaign.Profiles["quick"].Down));
        Assert.Null(campaign.Profiles["slow"].BandwidthMbps); // replaced, not merged
        var passed = NodeProfileSyntax.Parse(campaign.Params[VodChunksStack.ProfilesParam]);
        Assert.Equal(90, passed["slow"].DelayMs);
        Assert.Equal(["nodes", "player"], campaign.Roles.Select(r => r.Name));
        Assert.Equal("3", campaign.Params["nodes"]);
    }

    [Fact]
    public void Load_MixNamingAnUnknownProfile_ReportsTheMatrixValue()
    {
        var error = SingleError(Vod);
        AssertAt(error, 4, 38, "matrix.node_mix[1]", "unknown profile 'quick'");
        Assert.Contains("profiles: fast, slow, flaky", error.Message);
    }

    [Fact]
    public void Load_MixOfTwoWithThreeNodes_IsAnError()
    {
        var error = SingleError("name: v\nstack: vod-chunks\nduration: 5s\nparams: { node_mix: fast-slow }");
        AssertAt(error, 4, 21, "params.node_mix", "names 2 nodes but nodes is 3");
    }

    [Fact]
    public void Load_BadProfileFields_ReportEachWithItsPosition()
    {
        var result = Load("name: v\nstack: vod-chunks\nduration: 5s\nprofiles:\n  bad-name: { delay_ms: 1 }\n  p: { delay_ms: -1, bandwidth_mbps: 0, down: [\"9s-4s\"], jitter: 3 }");
        Assert.False(result.IsValid);
        var errors = result.Errors.Select(e => (e.Line, e.Column, e.Path)).ToArray();
        Assert.Contains((5, 3, "profiles.bad-name"), errors);
        Assert.Contains((6, 18, "profiles.p.delay_ms"), errors);
        Assert.Contains((6, 38, "profiles.p.bandwidth_mbps"), errors);
        Assert.Contains((6, 48, "profiles.p.down[0]"), errors);
        Assert.Contains((6, 58, "profiles.p.jitter"), errors);
        Assert.Equal(5, result.Errors.Count);
    }

    [Fact]
    public void Load_ProfilesOnAnotherStack_IsAnError()
    {
        var error = SingleError(Minimal + "\nprofiles: { a: { delay_ms: 1 } }");
        AssertAt(error, 6, 11, "profiles", "only stack vod-chunks");
    }

    [Fact]
    public void Load_ProfilesParameterByHand_IsAnError()
    {
        var error = SingleError("name: v\nstack: vod-chunks\nduration: 5s\nparams: { node_profiles: x }");
        Assert.Equal("node_profiles", error.Path);
    }
}
