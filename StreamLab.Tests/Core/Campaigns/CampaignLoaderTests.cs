using StreamLab.Core.Campaigns;

namespace StreamLab.Tests.Core.Campaigns;

public class CampaignLoaderTests
{
    [Fact]
    public void Load_WithEveryField_ReadsEachValue()
    {
        var result = CampaignYaml.Load(CampaignYaml.Full);

        Assert.Empty(result.Errors);
        Assert.True(result.IsValid);
        var c = result.Campaign!;
        Assert.Equal("ext-demo", c.Name);
        Assert.Equal("free text", c.Description);
        Assert.Null(c.Stack);
        Assert.Equal(TimeSpan.FromSeconds(20), c.Duration);
        Assert.Equal(TimeSpan.FromSeconds(3), c.Warmup);
        Assert.Equal(2, c.Repetitions);
        Assert.Equal(RunOrder.Shuffled, c.Order);
        Assert.Equal(42, c.Seed);
        Assert.Equal(TimeSpan.FromMilliseconds(500), c.SampleInterval);
        Assert.Equal(TimeSpan.FromSeconds(90), c.StopGrace);
        Assert.Equal(["rate", "size"], c.Matrix.Select(a => a.Name));
        Assert.Equal(["10", "20"], c.Matrix[0].Values);
        Assert.Equal(["small", "large"], c.Matrix[1].Values);
        var exclusion = Assert.Single(c.Exclude);
        Assert.Equal(new Dictionary<string, string> { ["rate"] = "20", ["size"] = "large" }, exclusion);
        Assert.Equal(new Dictionary<string, string> { ["mode"] = "fast" }, c.Params);
        Assert.Equal(CampaignYaml.Label, c.SourcePath);
        Assert.Equal(CampaignYaml.Full, c.Yaml);
    }

    [Fact]
    public void Load_WithEveryField_ReadsRolesInDeclaredOrder()
    {
        var c = CampaignYaml.Load(CampaignYaml.Full).Campaign!;

        Assert.Equal(["server", "client"], c.Roles.Select(r => r.Name));
        var server = c.Roles[0];
        Assert.Equal(["python3", "server.py", "--rate", "{rate}", "--port", "{port}"], server.Command);
        Assert.Equal(new ReadySpec(ReadyKind.Tcp, "127.0.0.1:{port}", TimeSpan.FromSeconds(10)), server.Ready);
        Assert.Equal("stacks/demo", server.Cwd);
        Assert.Equal(new Dictionary<string, string> { ["SIZE"] = "{size}" }, server.Env);
        Assert.Null(server.Frames);
        var client = c.Roles[1];
        Assert.Equal(new ReadySpec(ReadyKind.Log, "listening on {{port}} [0-9]+", TimeSpan.FromSeconds(10)), client.Ready);
        Assert.Equal("{record_dir}/frames.csv", client.Frames);
        Assert.Equal("{record_dir}/events.csv", client.Events);
        Assert.Null(client.Cwd);
    }

    [Fact]
    public void Load_WithEveryField_ReadsTargetsAndCompare()
    {
        var c = CampaignYaml.Load(CampaignYaml.Full).Campaign!;

        Assert.Equal(
            [new TargetSpec("fps_mean", TargetOp.GreaterOrEqual, 18, "fps_mean >= 18"), new TargetSpec("latency_p95_ms", TargetOp.Less, 200, "latency_p95_ms < 200")],
            c.Targets);
        Assert.Equal(new CompareSpec("size", "small", "large"), c.Compare);
    }

    [Fact]
    public void Load_WithOnlyRequiredFields_AppliesDefaults()
    {
        var c = CampaignYaml.Load(CampaignYaml.Minimal).Campaign!;

        Assert.Null(c.Description);
        Assert.Null(c.Stack);
        Assert.Equal(TimeSpan.Zero, c.Warmup);
        Assert.Equal(1, c.Repetitions);
        Assert.Equal(RunOrder.Sequential, c.Order);
        Assert.Equal(0, c.Seed);
        Assert.Equal(TimeSpan.FromSeconds(1), c.SampleInterval);
        Assert.Equal(TimeSpan.FromSeconds(5), c.StopGrace);
        Assert.Empty(c.Matrix);
        Assert.Empty(c.Exclude);
        Assert.Empty(c.Params);
        Assert.Empty(c.Targets);
        Assert.Null(c.Compare);
        Assert.Null(Assert.Single(c.Roles).Ready);
    }

    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("20s", 20_000)]
    [InlineData("1.5m", 90_000)]
    [InlineData("2h", 7_200_000)]
    [InlineData("3", 3_000)]
    [InlineData("0.25", 250)]
    public void Load_WithDurationSyntax_ConvertsToTimeSpan(string text, int milliseconds)
    {
        var c = CampaignYaml.Load(CampaignYaml.Minimal.Replace("duration: 1s", $"duration: {text}")).Campaign!;

        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), c.Duration);
    }

    [Fact]
    public void Load_WithEmptyOptionalValue_UsesDefault()
    {
        var c = CampaignYaml.Load(CampaignYaml.Minimal + "\nwarmup:\nmatrix:\n").Campaign!;

        Assert.Equal(TimeSpan.Zero, c.Warmup);
        Assert.Empty(c.Matrix);
    }

    [Fact]
    public void LoadFile_WithRelativeCwd_ResolvesAgainstTheFilesFolder()
    {
        var folder = Directory.CreateTempSubdirectory("streamlab-campaign-");
        try
        {
            var path = Path.Combine(folder.FullName, "demo.yaml");
            var yaml = CampaignYaml.Minimal + "\n    cwd: stacks/demo\n  other:\n    command: [x]\n    cwd: \"{record_dir}/work\"\n";
            File.WriteAllText(path, yaml);

            // Only the resolution is under test here: the folders and programs need not exist.
            var c = CampaignLoader.LoadFile(path, checkFiles: false).Campaign!;

            Assert.Equal(path, c.SourcePath);
            Assert.Equal(yaml, c.Yaml);
            Assert.Equal(Path.Combine(folder.FullName, "stacks", "demo"), c.Roles[0].Cwd);
            Assert.Equal("{record_dir}/work", c.Roles[1].Cwd);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void LoadFile_WithMissingFile_ReportsItInsteadOfThrowing()
    {
        var path = Path.Combine(Path.GetTempPath(), $"streamlab-missing-{Guid.NewGuid():N}.yaml");

        var result = CampaignLoader.LoadFile(path);

        var error = Assert.Single(result.Errors);
        Assert.Equal(path, error.File);
        Assert.Contains("cannot read", error.Message);
    }

    [Fact]
    public void Load_WithMatrixNumbers_KeepsTheirYamlText()
    {
        var c = CampaignYaml.Load(CampaignYaml.Minimal + "\nmatrix:\n  q: [0.50, 1e3, 010, 720p]\n").Campaign!;

        Assert.Equal(["0.50", "1e3", "010", "720p"], c.Matrix[0].Values);
    }
}
