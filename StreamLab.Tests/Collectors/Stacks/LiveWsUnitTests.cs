using StreamLab.Collectors.Processes;
using StreamLab.Collectors.Stacks.LiveWs;
using StreamLab.Core.Campaigns;

namespace StreamLab.Tests.Collectors.Stacks;

public class LiveWsUnitTests
{
    [Fact]
    public void Header_WriteThenParse_GivesTheSameFields()
    {
        var header = new FrameHeader(123_456_789_012, 1_717_171_717_000_123, 4321, 75, 1280, 720, 3);
        var message = new byte[FrameHeader.Size + 3];
        header.Write(message);
        Assert.True(FrameHeader.TryParse(message, out var parsed));
        Assert.Equal(header, parsed);
        Assert.False(FrameHeader.TryParse(message.AsSpan(0, message.Length - 1), out _)); // length mismatch
        message[0] = (byte)'X';
        Assert.False(FrameHeader.TryParse(message, out _));
    }

    [Theory]
    [InlineData(0, 85)]
    [InlineData(15, 85)]
    [InlineData(16, 75)]
    [InlineData(30, 75)]
    [InlineData(31, 60)]
    public void AdaptiveQuality_FollowsQueueDepth(int depth, int quality)
    {
        var q = new AdaptiveQuality("adaptive");
        q.Report(depth);
        Assert.Equal(quality, q.Current);
        Assert.Equal(70, new AdaptiveQuality("70").Current);
    }

    [Fact]
    public void SelfCommand_ApphostRunsItself_DotnetHostRunsTheDll()
    {
        Assert.Equal(["/opt/sl/streamlab"], SelfCommand.Resolve("/opt/sl/streamlab", "/opt/sl/StreamLab.Collectors.dll"));
        var viaDotnet = SelfCommand.Resolve("/usr/share/dotnet/dotnet", typeof(SelfCommand).Assembly.Location);
        Assert.Equal("/usr/share/dotnet/dotnet", viaDotnet[0]);
        Assert.True(File.Exists(viaDotnet[1]), viaDotnet[1]);
        Assert.Equal("streamlab.dll", Path.GetFileName(viaDotnet[1]));
        Assert.Equal(["python3", "x.py"], SelfCommand.Expand(["python3", "x.py"]));
        Assert.Equal([.. SelfCommand.Prefix, "sut"], SelfCommand.Expand(["streamlab", "sut"]));
    }

    [Fact]
    public void Loader_LiveWsStack_FillsRolesAndDefaultsThatParamsAndMatrixOverride()
    {
        var loaded = CampaignLoader.LoadText("""
            name: lw
            stack: live-ws
            duration: 2s
            params: { fps: 15 }
            matrix: { client_mode: [smart, naive] }
            """, "lw.yaml");
        Assert.True(loaded.IsValid, string.Join("\n", loaded.Errors));
        var c = loaded.Campaign!;
        Assert.Equal("live-ws", c.Stack);
        Assert.Equal(["server", "client"], c.Roles.Select(r => r.Name));
        Assert.Equal("15", c.Params["fps"]);
        Assert.Equal("720p", c.Params["resolution"]);
        Assert.False(c.Params.ContainsKey("client_mode"));
        Assert.Equal("{record_dir}/frames.csv", c.Roles[1].Frames);
        var known = c.Params.Keys.Concat(c.Matrix.Select(a => a.Name)).Concat(PlaceholderTemplate.BuiltIns).ToHashSet();
        foreach (var role in LiveWsStack.Definition.Roles)
        {
            Assert.All(role.Command.SelectMany(PlaceholderTemplate.Names), n => Assert.Contains(n, known));
        }
    }

    [Fact]
    public void Loader_BuiltInStackWithRoles_IsAnError()
    {
        var loaded = CampaignLoader.LoadText("""
            name: lw
            stack: live-ws
            duration: 2s
            roles:
              server: { command: ["true"] }
            """, "lw.yaml");
        Assert.False(loaded.IsValid);
        Assert.Contains(loaded.Errors, e => e.ToString().Contains("brings its own roles", StringComparison.Ordinal));
    }
}
