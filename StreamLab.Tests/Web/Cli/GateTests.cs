using StreamLab.Web.Cli;
using StreamLab.Web.Cli.Gate;
using StreamLab.Web.Dashboard.Targets;

namespace StreamLab.Tests.Web.Cli;

/// <summary><c>streamlab run --gate targets --junit FILE</c>: exit codes, printed failures and JUnit XML.</summary>
public class GateTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "streamlab-gate-tests", Guid.NewGuid().ToString("N"));

    public GateTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private async Task<(int Code, string Out, string Err)> Cli(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await StreamLabCli.InvokeAsync([.. args, "--data", Path.Combine(_dir, "data")], output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task JunitReport_PassAndFail_IsValidJunitWithEscapedNames()
    {
        var cases = new[]
        {
            new GateCase("targets", "c.rate=10", "fps_mean >= 9", null, "fps_mean >= 9: value 10.0 fps"),
            new GateCase("targets", "c.rate=20", "latency_p95_ms < 200 & \"quoted\"", "point rate=20: target not met: value 250 ms", "detail <b>"),
        };
        var path = Path.Combine(_dir, "out", "gate.xml");

        await JunitReport.WriteAsync(path, JunitReport.Build("c", cases, DateTimeOffset.UnixEpoch), CancellationToken.None);
        var document = JunitSchema.Validate(path);

        var failed = Assert.Single(document.Descendants("failure"));
        Assert.Equal("point rate=20: target not met: value 250 ms", (string?)failed.Attribute("message"));
        Assert.Equal("latency_p95_ms < 200 & \"quoted\"", (string?)failed.Parent!.Attribute("name"));
        Assert.Equal("1", (string?)document.Root!.Attribute("failures"));
        Assert.Equal((byte)'<', File.ReadAllBytes(path)[0]); // no byte-order mark
    }

    [Fact]
    public void JunitSchema_CountThatLies_IsRejected()
    {
        var path = Path.Combine(_dir, "lie.xml");
        File.WriteAllText(path, "<testsuites tests=\"2\"><testsuite name=\"s\" tests=\"2\"><testcase classname=\"a\" name=\"b\"/></testsuite></testsuites>");

        Assert.Throws<System.Xml.Schema.XmlSchemaValidationException>(() => JunitSchema.Validate(path));
    }

    [Fact]
    public void TargetsGate_NoData_FailsTheCase()
    {
        var view = new TargetsView("c", 0, [0], ["fps_mean >= 9"], [], [new TargetsPointRow("rate=10", new Dictionary<string, string>(), 0,
            [new TargetCell("fps_mean >= 9", "fps_mean", null, "—", "no data")], false, null)], 0, 0, 0, null, null);

        var single = Assert.Single(TargetsGate.Judge(view));

        Assert.Equal("point rate=10: target 'fps_mean >= 9' not met: no succeeded record measured it", single.Failure);
    }

    [Theory]
    [InlineData("baseline=v1", "needs campaign runs")]
    [InlineData("nonsense", "is not a gate")]
    public async Task Run_UnknownOrNotYetAvailableGate_Exits2BeforeRunning(string gate, string message)
    {
        var path = Path.Combine(_dir, "c.yaml");
        File.WriteAllText(path, Campaign("gate-bad", latencyMs: 5));

        var (code, _, err) = await Cli("run", path, "--gate", gate);

        Assert.Equal(2, code);
        Assert.Contains(message, err);
        Assert.False(Directory.Exists(Path.Combine(_dir, "data", "records")), "nothing may start");
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Run_GateTargets_Exits0WhenMetAnd3OnALatencyRegression()
    {
        // The role's latency parameter shifts every frame's latency: 20 ms meets "latency_p50_ms < 30", 40 ms does not.
        var good = Path.Combine(_dir, "good.yaml");
        var bad = Path.Combine(_dir, "bad.yaml");
        File.WriteAllText(good, Campaign("gate-good", latencyMs: 20));
        File.WriteAllText(bad, Campaign("gate-bad", latencyMs: 40));
        var goodXml = Path.Combine(_dir, "good.xml");
        var badXml = Path.Combine(_dir, "bad.xml");

        var (goodCode, goodOut, goodErr) = await Cli("run", good, "--gate", "targets", "--junit", goodXml);
        var (badCode, badOut, badErr) = await Cli("run", bad, "--gate", "targets", "--junit", badXml);

        Assert.True(goodCode == 0, goodOut + goodErr);
        Assert.Contains("gate: 2 of 2 check(s) passed", goodOut);
        Assert.True(badCode == RunCommand.GateFailed, badOut + badErr);
        Assert.Matches(@"gate targets FAILED: point latency=40: target 'latency_p50_ms < 30' not met: value 4\d\.\d+ ms \(95% CI [\d.]+ to [\d.]+ ms\), n = 2", badOut);
        Assert.Contains("gate: 1 of 2 check(s) passed, 1 failed", badOut);
        Assert.Empty(JunitSchema.Validate(goodXml).Descendants("failure"));
        var failure = Assert.Single(JunitSchema.Validate(badXml).Descendants("failure"));
        Assert.Equal("latency_p50_ms < 30", (string?)failure.Parent!.Attribute("name"));
        Assert.Equal("gate-bad.latency=40", (string?)failure.Parent!.Attribute("classname"));

        var (powerCode, power, _) = await Cli("power", "--campaign", "gate-bad", "--effect", "5%", "--metric", "latency_p50_ms");
        Assert.Equal(0, powerCode);
        Assert.Contains("effect 5% of the mean", power);
        Assert.Matches(@"latency=40\s+latency_p50_ms\s+2\s+4\d\.\d+\s+[\d.]+\s+[\d.]+\s+[\d.]+%\s+\d+", power);
    }

    [Theory]
    [InlineData("5%", 0.05)]
    [InlineData("0.05", 0.05)]
    [InlineData("12.5 %", 0.125)]
    public void PowerEffect_PercentOrShare_Parses(string text, double share) =>
        Assert.Equal(share, PowerCommand.ParseEffect(text)!.Value, 12);

    [Theory]
    [InlineData("abc")]
    [InlineData("0%")]
    [InlineData("-5%")]
    [InlineData("2000%")]
    public async Task Power_BadEffect_Exits2(string effect)
    {
        var (code, _, err) = await Cli("power", "--campaign", "x", "--effect", effect);

        Assert.Equal(2, code);
        Assert.Contains("is not a share of the mean", err);
    }

    private static string Campaign(string name, int latencyMs) => $$"""
        name: {{name}}
        duration: 1500ms
        warmup: 300ms
        repetitions: 2
        matrix: { latency: [{{latencyMs}}] }
        roles:
          client:
            command: ["python3", "{{Path.Combine(AppContext.BaseDirectory, "Web", "Dashboard", "ui_role.py")}}", "--frames", "{record_dir}/frames.csv", "--latency", "{latency}"]
            ready: { log: "ui role started", timeout: 15s }
            frames: "{record_dir}/frames.csv"
        targets:
          - latency_p50_ms < 30
          - fps_mean >= 10
        """;
}
