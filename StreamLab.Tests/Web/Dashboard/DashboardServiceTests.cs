using StreamLab.Core;
using StreamLab.Core.Charts;
using StreamLab.Core.Raw;
using StreamLab.Core.Storage;
using StreamLab.Web.Components.Pages;
using StreamLab.Web.Dashboard;
using StreamLab.Web.Security;


namespace StreamLab.Tests.Web.Dashboard;

/// <summary>The dashboard's server-side pieces: reduction, statistics, event windows, throttling, launch paths, URLs.</summary>
public class DashboardServiceTests
{
    [Fact]
    public void Reduce_ManyPoints_KeepsBucketCountAndExtremes()
    {
        var points = Enumerable.Range(0, 100_000).Select(i => ((double)i, i == 50_000 ? 1000.0 : i % 10)).ToList();

        var reduced = SeriesReducer.Reduce(points, 1000);

        Assert.Equal(1000, reduced.Count);
        Assert.Equal(1000, reduced.Max.Max());
        Assert.Equal(0, reduced.Min.Min());
        Assert.InRange(reduced.Mean[0], 4.4, 4.6);
    }

    [Fact]
    public void Reduce_FewPoints_ReturnsThemSortedUnchanged()
    {
        var reduced = SeriesReducer.Reduce([(2, 20), (1, 10)]);

        Assert.Equal([1.0, 2.0], reduced.X);
        Assert.Equal([10.0, 20.0], reduced.Mean);
    }

    [Fact]
    public void Explorer_ThreeRepetitions_GivesMeanAndTInterval()
    {
        var records = new[] { 10.0, 12.0, 14.0 }.Select((v, i) => Record(i + 1, "rate=1", new() { ["rate"] = "1" }, v)).ToList();
        records.Add(Record(9, "rate=2", new() { ["rate"] = "2" }, 5) with { Status = RecordStatus.Failed });

        var view = MatrixExplorer.Build(new MatrixQuery("c", "latency_p95_ms", null, null, new Dictionary<string, IReadOnlyList<string>>()), records);

        var point = Assert.Single(view.Points);
        Assert.Equal(12, point.Mean, 9);
        Assert.Equal(2, point.StdDev!.Value, 9);
        Assert.Equal(4.3027 * 2 / Math.Sqrt(3), point.Ci95!.Value, 3);
        Assert.Equal(1, view.RecordsNotSucceeded);
        Assert.Equal(["1", "2"], view.Axes.Single().Values);
    }

    [Fact]
    public void Explorer_ThreeRepetitions_GivesDetectableChangeAndRepetitionsForFivePercent()
    {
        var records = new[] { 98.0, 100.0, 102.0 }.Select((v, i) => Record(i + 1, "rate=1", new() { ["rate"] = "1" }, v)).ToList();

        var point = Assert.Single(MatrixExplorer.Build(new MatrixQuery("c", "latency_p95_ms", null, null, new Dictionary<string, IReadOnlyList<string>>()), records).Points);

        // s = 2, n = 3, ν 4: (2.776 + 0.941)·2·√(2/3) = 6.07; 5 needs n = 4 (ν 6: (2.447 + 0.906)·2·√0.5 = 4.74).
        Assert.Equal(6.07, point.Detectable!.Value, 2);
        Assert.Equal(4, point.RepetitionsForEffect);
    }

    [Fact]
    public void Explorer_SortsNumericValuesNumerically() =>
        Assert.Equal(["2", "10", "100"], MatrixExplorer.SortValues(["100", "2", "10"]));

    [Fact]
    public void Windows_PairsOnOffAndStartEnd_ButNotALoneProcessStart()
    {
        var events = new List<EventRow>
        {
            new(1, 1_000_000, "process_start", null),
            new(1, 2_000_000, "burst_on", null),
            new(1, 3_000_000, "burst_off", null),
            new(1, 4_000_000, "stall_start", null),
            new(1, 4_500_000, "stall_end", null),
            new(1, 5_000_000, "burst_on", null),
            new(1, 6_000_000, "process_exit", null),
        };

        var windows = RecordCharts.Windows(events, us => us / 1e6).ToList();

        Assert.Equal(3, windows.Count);
        Assert.Contains(windows, w => w is { Label: "burst", From: 2, To: 3 });
        Assert.Contains(windows, w => w is { Label: "stall", From: 4, To: 4.5 });
        Assert.Contains(windows, w => w is { Label: "burst (not closed)", From: 5, To: 6 });
    }

    [Fact]
    public async Task LiveUpdates_ABurstOfChanges_NotifiesOnceOrTwice()
    {
        using var live = new LiveUpdates(TimeProvider.System);
        var calls = 0;
        using var subscription = live.Subscribe(() => Interlocked.Increment(ref calls));

        for (var i = 0; i < 50; i++)
        {
            live.Publish();
        }
        await Task.Delay(350);
        var afterBurst = calls;
        subscription.Dispose();
        live.Publish();
        await Task.Delay(250);

        Assert.InRange(afterBurst, 1, 2);
        Assert.Equal(afterBurst, calls);
    }

    [Fact]
    public void Prepare_ResolvesARelativeCwdOfAnyTextAgainstTheExamplesFolder_AndSavesOnlyValidCopies()
    {
        var root = Path.Combine(Path.GetTempPath(), "streamlab-library", Guid.NewGuid().ToString("N"));
        var exampleStacks = Path.Combine(root, "campaigns", "stacks", "demo");
        Directory.CreateDirectory(exampleStacks);
        var yaml = "name: ex.one\nduration: 1s\nroles:\n  r:\n    command: [python3, x.py]\n    cwd: stacks/demo\n";
        File.WriteAllText(Path.Combine(root, "campaigns", "one.yaml"), yaml);
        var library = new CampaignLibrary(new StreamLabPaths(Path.Combine(root, "data")), new TestWebHostEnvironment(root));

        var unchanged = library.Prepare(yaml, "one.yaml");
        var edited = library.Prepare(yaml.Replace("1s", "2s", StringComparison.Ordinal), "one.yaml");
        var pasted = library.Prepare(yaml.Replace("1s", "3s", StringComparison.Ordinal), null);
        var missing = library.Prepare(yaml.Replace("ex.one", "ex.two", StringComparison.Ordinal).Replace("stacks/demo", "stacks/gone", StringComparison.Ordinal), null);

        Assert.Equal(Path.Combine(root, "campaigns", "one.yaml"), unchanged.Campaign!.SourcePath);
        Assert.Equal(exampleStacks, unchanged.Campaign.Roles[0].Cwd);
        Assert.Equal(exampleStacks, edited.Campaign!.Roles[0].Cwd);
        Assert.Equal(TimeSpan.FromSeconds(2), edited.Campaign.Duration);
        // Pasted or posted text resolves like the examples (it did against data/campaigns, where no stack lives).
        Assert.Equal(exampleStacks, pasted.Campaign!.Roles[0].Cwd);
        Assert.Equal(Path.Combine(root, "data", "campaigns", "ex_one.yaml"), pasted.Campaign.SourcePath);
        Assert.True(File.Exists(pasted.Campaign.SourcePath));
        var error = Assert.Single(missing.Errors);
        Assert.Equal(("roles.r.cwd", 6, 10), (error.Path, error.Line, error.Column));
        Assert.Contains($"'{Path.Combine(root, "campaigns", "stacks", "gone")}' does not exist (a relative cwd is relative to {Path.Combine(root, "campaigns")})", error.Message);
        Assert.False(File.Exists(Path.Combine(root, "data", "campaigns", "ex_two.yaml")), "an invalid campaign is not saved");
        Assert.Equal(["one.yaml"], library.Examples().Select(e => e.FileName));
        Assert.Null(library.ReadExample("../one.yaml"));
    }

    [Fact]
    public void AccessToken_OnlyTheRightTokenPasses_WhenOneIsSet()
    {
        Assert.True(new AccessToken(null).Allows(null));
        Assert.False(new AccessToken("t0k").Allows(null));
        Assert.False(new AccessToken("t0k").Allows("t0K"));
        Assert.True(new AccessToken("t0k").Allows("t0k"));
    }

    [Fact]
    public void MatrixUrl_RoundTripsFilters()
    {
        var filters = new Dictionary<string, IReadOnlyList<string>> { ["size"] = ["small", "a b"], ["rate"] = ["10"] };

        var url = Matrix.Url("demo", "fps_mean", "rate", "", filters);
        var parsed = Matrix.ParseFilters("http://h" + url);

        Assert.Equal("/matrix?campaign=demo&stat=fps_mean&x=rate&group=&rate=10&size=small&size=a%20b", url);
        Assert.Equal(["10"], parsed["rate"]);
        Assert.Equal(["small", "a b"], parsed["size"]);
        Assert.Equal(2, parsed.Count);
    }

    [Fact]
    public void RecordLogs_ReadsRoleLogsInsideTheDataFolderOnly()
    {
        var data = Path.Combine(Path.GetTempPath(), "streamlab-logs", Guid.NewGuid().ToString("N"));
        var dir = Path.Combine(data, "records", "1");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "server.stderr.log"), "boom");
        File.WriteAllText(Path.Combine(dir, "notes.txt"), "not a log");
        var logs = new RecordLogs(new StreamLabPaths(data));

        var inside = logs.Read(dir);
        var outside = logs.Read("/etc");
        var sneaky = logs.Read(Path.Combine(data, "..", "elsewhere"));

        Assert.Equal("boom", Assert.Single(inside).Tail);
        Assert.Empty(outside);
        Assert.Empty(sneaky);
    }

    private static RecordView Record(long id, string key, Dictionary<string, string> p, double value) =>
        new(id, 1, "c", key, p, (int)id, RecordStatus.Succeeded, null, DateTimeOffset.UnixEpoch, null, null, null, null, null,
            new Dictionary<string, double> { ["latency_p95_ms"] = value });

}
