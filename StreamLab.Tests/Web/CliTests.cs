using System.Text.Json;
using StreamLab.Web.Cli;

namespace StreamLab.Tests.Web;

/// <summary>The streamlab CLI verbs, invoked in-process with real files.</summary>
public class CliTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "streamlab-cli-tests", Guid.NewGuid().ToString("N"));

    public CliTests() => Directory.CreateDirectory(_dir);

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

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task Run_InvalidCampaign_Exits2AndNamesFileLineAndField()
    {
        var path = Write("bad.yaml", "name: bad\nduration: soon\nroles:\n  r:\n    command: [\"true\"]\n    colour: red\n");
        var (code, _, err) = await Cli("run", path);

        Assert.Equal(2, code);
        Assert.Contains($"{path}:2:", err);
        Assert.Contains("duration", err);
        Assert.Contains($"{path}:6:", err);
        Assert.Contains("colour", err);
        Assert.False(Directory.Exists(Path.Combine(_dir, "data", "records")), "nothing may start on an invalid file");
    }

    [Fact]
    public async Task Run_DryRunOfANestingBombOrABillionPoints_Exits2WithFileLineAndColumn()
    {
        // The bomb overflowed the stack (exit 134); the matrix grew to 5.4 GB without answering.
        var deep = Write("deep.yaml", "name: deep\nduration: 1s\nmatrix:\n  x: " + string.Concat(Enumerable.Repeat("{a: ", 20_000)) + "\n");
        var values = string.Join(", ", Enumerable.Range(0, 1000));
        var huge = Write("huge.yaml", $"name: huge\nduration: 1s\nmatrix:\n  a: [{values}]\n  b: [{values}]\n  c: [{values}]\nroles:\n  s: {{ command: [run] }}\n");

        var (deepCode, _, deepErr) = await Cli("run", deep, "--dry-run");
        var (hugeCode, hugeOut, hugeErr) = await Cli("run", huge, "--dry-run");

        Assert.Equal((2, 2), (deepCode, hugeCode));
        Assert.Contains($"{deep}:4:126: (document): the YAML is nested more than 32 levels deep", deepErr);
        Assert.Contains($"{huge}:4:3: matrix: the campaign would run 1,000,000,000 point(s) × 1 repetition(s) = 1,000,000,000 records", hugeErr);
        Assert.Equal("", hugeOut);
    }

    [Fact]
    public async Task Run_DryRun_ListsPointsAndEstimate()
    {
        var (code, output, _) = await Cli("run", Path.Combine(Repo.Root, "campaigns", "ext-demo.yaml"), "--dry-run");

        Assert.Equal(0, code);
        Assert.Contains("3 point(s) × 2 repetition(s) = 6 record(s)", output);
        Assert.Contains("rate=10_size=large", output);
        Assert.DoesNotContain("rate=20_size=large", output);
        Assert.Contains("estimated total", output);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Run_ThenRecordsJsonAndShow_ReportTheRecord()
    {
        var role = Path.Combine(Repo.TestStacks, "role.py");
        var path = Write("ok.yaml", $$"""
            name: cli-ok
            duration: 500ms
            matrix: { n: [1] }
            roles:
              r:
                command: ["python3", "{{role}}", "--frames", "{record_dir}/frames.csv"]
                ready: { log: "role started", timeout: 20s }
                frames: "{record_dir}/frames.csv"
            """);
        var (code, output, err) = await Cli("run", path);
        Assert.True(code == 0, err);
        Assert.Contains("[1/1] n=1 rep 1", output);
        Assert.Contains("1 succeeded, 0 failed", output);

        var (jsonCode, json, _) = await Cli("records", "--campaign", "cli-ok", "--json");
        Assert.Equal(0, jsonCode);
        var record = Assert.Single(JsonDocument.Parse(json).RootElement.EnumerateArray().ToArray());
        foreach (var field in new[] { "id", "campaign", "point", "params", "repetition", "status", "reason", "summary" })
        {
            Assert.True(record.TryGetProperty(field, out _), $"missing {field}");
        }
        Assert.Equal("succeeded", record.GetProperty("status").GetString());
        Assert.Equal("n=1", record.GetProperty("point").GetString());
        Assert.True(record.GetProperty("summary").GetProperty("frames_received").GetDouble() > 0, json);

        var (showCode, shown, _) = await Cli("show", record.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0, showCode);
        Assert.Contains("status    succeeded", shown);
        Assert.Contains("frames_received", shown);
    }

    [Fact]
    public async Task Show_UnknownRecord_Exits2()
    {
        var (code, _, err) = await Cli("show", "999");
        Assert.Equal(2, code);
        Assert.Contains("no record 999", err);
    }

    [Fact]
    public async Task Records_UnknownCampaign_Exits2()
    {
        var (code, _, err) = await Cli("records", "--campaign", "nope");
        Assert.Equal(2, code);
        Assert.Contains("no campaign named 'nope'", err);
    }

    [Fact]
    public async Task DbCopy_ImportedLabIntoPostgresAndBack_PrintsEqualCountsAndSummaries()
    {
        Assert.Equal(0, (await Cli("import", StreamLab.Tests.Collectors.Import.RunFolderReaderTests.HarnessSample)).Code);
        await using var pg = await PostgresTestServer.CreateDatabaseAsync(migrated: false);
        var back = Path.Combine(_dir, "back");

        var there = await Cli("db", "copy", "--from", Path.Combine(_dir, "data"), "--to", pg.ConnectionString);
        var again = await Cli("db", "copy", "--from", pg.ConnectionString, "--to", back);
        var twice = await Cli("db", "copy", "--from", Path.Combine(_dir, "data"), "--to", pg.ConnectionString);
        var missing = await Cli("db", "copy", "--from", Path.Combine(_dir, "nothing"), "--to", back);

        Assert.True(there.Code == 0, there.Err);
        Assert.Matches(@"frames\s+360\s+360", there.Out);
        Assert.Contains("summaries of 1 records (14 values) equal", there.Out);
        Assert.True(again.Code == 0, again.Err);
        Assert.Matches(@"samples\s+26\s+26", again.Out);
        Assert.True(File.Exists(Path.Combine(back, "streamlab.db")));
        Assert.Equal(2, twice.Code);
        Assert.Contains("is not empty (1 rows in campaigns)", twice.Err);
        Assert.DoesNotContain("Password", there.Out + twice.Err, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(2, missing.Code);
        Assert.Contains("no lab to copy", missing.Err);
    }
}
