using System.Text.Json;
using StreamLab.Web.Cli;

namespace StreamLab.Tests.Web;

/// <summary><c>streamlab import</c> and <c>export</c> on real run folders and a real SQLite file.</summary>
public class ImportExportTests : IDisposable
{
    private const long T0 = 1_700_000_000_000_000;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "streamlab-import-tests", Guid.NewGuid().ToString("N"));

    public ImportExportTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private async Task<(int Code, string Out, string Err)> Cli(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await StreamLabCli.InvokeAsync([.. args, "--data", Path.Combine(_dir, "data")], output, error);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>A run folder: 3 s of 25 fps frames (every 10th lost), a counter with a reset, gauges, events.</summary>
    private string RunFolder(string name, int bitrate, bool window = true, string? extraFrameLine = null, string? extraPromLine = null)
    {
        var dir = Path.Combine(_dir, "runs", name);
        Directory.CreateDirectory(dir);
        var meta = $"# a harness run\nBITRATE={bitrate}\nCODEC=\"h264\"\nexport HOST=lab1\n";
        File.WriteAllText(Path.Combine(dir, "meta.env"), window ? meta + $"T0_US={T0}\nT1_US={T0 + 2_000_000}\n" : meta);
        var frames = new List<string> { "recv_wall_us,frame_id,user_timestamp_us,width,height,size_bytes,psnr_db" };
        for (var i = 0; i < 75; i++)
        {
            if (i % 10 == 9) continue;
            var recv = T0 - 500_000 + i * 40_000 + (i % 3) * 1_000;
            frames.Add($"{recv},{i},{recv - 20_000 - bitrate / 1000 - i % 7 * 1000},1280,720,{bitrate / 200},{(i == 5 ? "inf" : "41.5")}");
        }
        if (extraFrameLine is not null) frames.Insert(4, extraFrameLine);
        File.WriteAllLines(Path.Combine(dir, "frames.csv"), frames);
        var prom = new List<string>();
        for (var s = 0; s <= 12; s++)
        {
            var t = T0 - 500_000 + s * 250_000;
            var nack = s < 8 ? s * 10 : (s - 8) * 5; // reset after the 8th scrape
            prom.Add($"{t}\tnack_total{{kind=\"video\",track=\"v1\"}}\t{nack}");
            prom.Add($"{t}\tcpu_pct{{role=\"server\"}}\t{12.5 + s}");
            prom.Add($"{t}\tlat_seconds_bucket{{le=\"+Inf\"}}\t{s}");
            prom.Add($"{t}\tbuffer_s\t{(s == 3 ? "NaN" : "0.25")}");
        }
        if (extraPromLine is not null) prom.Insert(2, extraPromLine);
        File.WriteAllLines(Path.Combine(dir, "prom.tsv"), prom);
        File.WriteAllText(Path.Combine(dir, "events.csv"), $"wall_us,event,detail\n{T0 + 100_000},burst_on,\"loss=5%, delay=80ms\"\n{T0 + 900_000},burst_off,\n");
        return dir;
    }

    private async Task<JsonElement[]> Records(string? campaign = null)
    {
        var (code, json, err) = campaign is null ? await Cli("records", "--json") : await Cli("records", "--campaign", campaign, "--json");
        Assert.True(code is 0 or 2, $"records --json exited {code}: {err}");
        return json.TrimStart().StartsWith('[') ? JsonDocument.Parse(json).RootElement.EnumerateArray().ToArray() : [];
    }

    private static Dictionary<string, double> Summary(JsonElement record) =>
        record.GetProperty("summary").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());

    [Fact]
    public async Task Import_TwoFolders_BecomeOneCampaignWithDifferingKeysAsParameters()
    {
        var a = RunFolder("a", 1000);
        var b = RunFolder("b", 2000);

        var (code, output, err) = await Cli("import", a, b, "--counter", "nack_total");

        Assert.True(code == 0, err);
        Assert.Contains("as record 1 of runs: BITRATE=1000 rep 1, 68 frames", output);
        var records = await Records("runs");
        Assert.Equal(2, records.Length);
        Assert.Equal("BITRATE=2000", records[1].GetProperty("point").GetString());
        Assert.Equal("h264", records[1].GetProperty("params").GetProperty("CODEC").GetString());
        Assert.Equal("lab1", records[1].GetProperty("params").GetProperty("HOST").GetString());
        Assert.Equal("succeeded", records[0].GetProperty("status").GetString());
        var s = Summary(records[0]);
        Assert.Equal(45, s["frames_received"]); // ids 13…62 inside [T0, T1), every 10th missing
        Assert.Equal(5, s["frames_lost"]);
        Assert.Equal(22.5, s["fps_mean"]);
        Assert.True(s["latency_p50_ms"] > 20);
        Assert.Equal(50 + 0 + 10, s["nack_total_delta"]); // 20→70 in the window, a reset to 0, then on to 10
        Assert.Equal(30, s["nack_total_rate"]);
        Assert.True(s.ContainsKey("cpu_pct_server"));
    }

    [Fact]
    public async Task ImportExportImport_GivesIdenticalSummaries()
    {
        var (code, _, err) = await Cli("import", RunFolder("a", 1000), "--campaign", "first", "--counter", "nack_total");
        Assert.True(code == 0, err);
        var exported = Path.Combine(_dir, "exported", "r1");
        (code, _, err) = await Cli("export", "1", exported);
        Assert.True(code == 0, err);
        (code, _, err) = await Cli("import", exported, "--campaign", "second", "--counter", "nack_total");
        Assert.True(code == 0, err);

        var first = (await Records("first")).Single();
        var second = (await Records("second")).Single();
        Assert.Equal(Summary(first), Summary(second));
        Assert.True(Summary(first).Count >= 15);
        Assert.Equal(first.GetProperty("params").ToString(), second.GetProperty("params").ToString());
        Assert.Equal(first.GetProperty("t0_us").GetInt64(), second.GetProperty("t0_us").GetInt64());
        Assert.Contains("STATUS=succeeded", File.ReadAllText(Path.Combine(exported, "meta.env")));
        Assert.Contains("\"loss=5%, delay=80ms\"", File.ReadAllText(Path.Combine(exported, "events.csv")));

        // Exporting over an existing folder is refused rather than mixing two records.
        (code, _, err) = await Cli("export", "1", exported);
        Assert.Equal(2, code);
        Assert.Contains("already exists", err);
    }

    [Fact]
    public async Task Import_CorruptFolder_IsRejectedWithFileLineAndReason_AndNothingIsStored()
    {
        var good = RunFolder("good", 1000);
        (int code, string _, string err) = await Cli("import", good, "--campaign", "kept");
        Assert.True(code == 0, err);
        var bad = RunFolder("bad", 2000, extraFrameLine: "12,x,,1280,720,5,1", extraPromLine: "123\tnack_total\tlots");
        File.AppendAllText(Path.Combine(bad, "meta.env"), "not a pair\n");

        (code, _, err) = await Cli("import", bad, "--campaign", "fresh");

        Assert.Equal(2, code);
        Assert.Contains($"rejected {bad}: 3 problem(s); nothing of it was stored", err);
        Assert.Contains($"{Path.Combine(bad, "frames.csv")}:5: frame_id: 'x' is not an integer", err);
        Assert.Contains($"{Path.Combine(bad, "prom.tsv")}:3: value: 'lots' is not a number", err);
        Assert.Contains($"{Path.Combine(bad, "meta.env")}:7: expected KEY=VALUE", err);
        Assert.Empty(await Records("fresh"));
        Assert.Single(await Records());
    }

    [Fact]
    public async Task Import_Lenient_SkipsBadLinesAndSaysSo_DerivingAMissingWindow()
    {
        var bad = RunFolder("bad", 1000, window: false, extraFrameLine: "12,x,,1280,720,5,1");

        var (code, output, err) = await Cli("import", bad, "--lenient");

        Assert.True(code == 0, err);
        Assert.Contains("window derived from the data", output);
        Assert.Contains("1 bad line(s) skipped (--lenient)", output);
        var record = (await Records()).Single();
        Assert.Equal(T0 - 500_000, record.GetProperty("t0_us").GetInt64());
        Assert.Contains("bad line(s) skipped", record.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Import_HarnessSampleFolder_KeepsItsFourBursts_AndNotesTheCutLine()
    {
        var (code, output, err) = await Cli("import", Collectors.Import.RunFolderReaderTests.HarnessSample, "--campaign", "fec", "--counter", "livekit_nack_total");

        Assert.True(code == 0, err);
        Assert.Contains("360 frames, 26 samples, 4 events", output);
        Assert.Contains("note: /work/shared/samples/harness-run-fec/frames.csv:362: the last line has no newline (cut short", output);
        var record = (await Records("fec")).Single();
        Assert.Equal("vp8", record.GetProperty("params").GetProperty("CODEC").GetString());
        Assert.True(Summary(record).ContainsKey("livekit_nack_total_delta"));
    }

    [Fact]
    public async Task Import_CampaignNamedDotDot_IsRefusedAsByTheYamlLoader()
    {
        var (code, _, err) = await Cli("import", RunFolder("a", 1000), "--campaign", "..");

        Assert.Equal(2, code);
        Assert.Contains("error: --campaign '..' cannot name a folder", err);
        Assert.Empty(await Records());
    }

    [Fact]
    public async Task Import_RunningOrNumericStatus_RejectsTheFolder()
    {
        var running = RunFolder("running", 1000);
        File.AppendAllText(Path.Combine(running, "meta.env"), "STATUS=running\n");
        var numeric = RunFolder("numeric", 2000);
        File.AppendAllText(Path.Combine(numeric, "meta.env"), "STATUS=99\n");

        var (code, _, err) = await Cli("import", running, numeric, "--lenient");

        Assert.Equal(2, code);
        Assert.Contains("STATUS: 'running' is not the status of a finished record", err);
        Assert.Contains("STATUS: '99' is not the status of a finished record", err);
        Assert.Empty(await Records());
    }

    [Fact]
    public async Task Import_FolderWithoutMetaEnv_IsRejectedEvenWhenLenient()
    {
        var dir = RunFolder("nometa", 1000);
        File.Delete(Path.Combine(dir, "meta.env"));

        var (code, _, err) = await Cli("import", dir, "--lenient");

        Assert.Equal(2, code);
        Assert.Contains("meta.env:0: missing", err);
        Assert.Empty(await Records());
    }

    [Fact]
    public async Task Import_CounterScrapedInsideTheWindowOnly_IsExtrapolatedToItsEdgesAsIncreaseDoes()
    {
        // A 4 s window scraped at T0 + 0.5, 1.5, 2.5 and 3.5 s, rising 6 a second: 18 over the 3 s sampled, carried half a
        // second to each edge as Prometheus' increase() does. The warm-up scrape and the one after T1 are not used.
        var dir = Path.Combine(_dir, "runs", "edges");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "meta.env"), $"RUN=edges\nT0_US={T0}\nT1_US={T0 + 4_000_000}\n");
        File.WriteAllLines(Path.Combine(dir, "prom.tsv"),
            new[] { (-500_000, 1), (500_000, 100), (1_500_000, 106), (2_500_000, 112), (3_500_000, 118), (4_500_000, 500) }
                .Select(p => $"{T0 + p.Item1}\tnack_total{{track=\"v1\"}}\t{p.Item2}"));

        var (code, _, err) = await Cli("import", dir, "--counter", "nack_total");

        Assert.True(code == 0, err);
        var s = Summary(Assert.Single(await Records("runs")));
        Assert.Equal(24, s["nack_total_delta"], 9);
        Assert.Equal(6, s["nack_total_rate"], 9);
    }
}

/// <summary>Serilog wiring of the CLI verbs: a daily file in data/logs with structured properties.</summary>
public class CliLoggingTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "streamlab-log-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task CliVerb_WritesDailyLogFileWithScopeProperties()
    {
        var run = Path.Combine(_dir, "lab-runs", "r1");
        Directory.CreateDirectory(run);
        File.WriteAllText(Path.Combine(run, "meta.env"), "A=1\nT0_US=0\nT1_US=10\n");
        File.WriteAllText(Path.Combine(run, "events.csv"), "wall_us,event\n5,burst_on\n");
        var data = Path.Combine(_dir, "data");

        var code = await StreamLabCli.InvokeAsync(["import", run, "--data", data], new StringWriter(), new StringWriter());

        Assert.Equal(0, code);
        var log = Assert.Single(Directory.GetFiles(Path.Combine(data, "logs"), "streamlab-*.log"));
        Assert.Matches(@"streamlab-\d{8}\.log$", log);
        var text = File.ReadAllText(log);
        Assert.Contains("[INF] StreamLab.Collectors.Import.RunFolderImporter: Imported", text);
        Assert.Contains("{\"campaign\":\"lab-runs\"}", text);
    }
}
