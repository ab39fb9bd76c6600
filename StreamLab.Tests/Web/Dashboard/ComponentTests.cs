using Bunit;
using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StreamLab.Collectors;
using StreamLab.Core;
using StreamLab.Core.Campaigns;
using StreamLab.Core.Running;
using StreamLab.Web.Components.Shared;
using StreamLab.Web.Dashboard;
using StreamLab.Web.Security;


namespace StreamLab.Tests.Web.Dashboard;

/// <summary>The dashboard's components rendered with bUnit: filters, stat picker, progress, YAML errors, launch panel.</summary>
public class ComponentTests : IDisposable
{
    private readonly BunitContext _ctx = new();

    [Fact]
    public void YamlErrorList_WithErrors_ListsEveryErrorWithItsLine()
    {
        var errors = CampaignLoader.LoadText("name: x\nduration: forever\nroles: {}\n", "<t>").Errors;

        var cut = _ctx.Render<YamlErrorList>(p => p.Add(c => c.Errors, errors));

        var items = cut.FindAll("li");
        Assert.Equal(errors.Count, items.Count);
        Assert.Contains(items, li => li.TextContent.StartsWith("line 2,", StringComparison.Ordinal) && li.TextContent.Contains("duration"));
        Assert.Contains($"{errors.Count} error(s)", cut.Markup);
    }

    [Fact]
    public void ParamFilter_UntickingOneOfThree_ReportsTheOtherTwo()
    {
        IReadOnlyList<string>? reported = null;
        var cut = _ctx.Render<ParamFilter>(p => p
            .Add(c => c.Axis, new ParamAxis("rate", ["10", "20", "30"]))
            .Add(c => c.Changed, (IReadOnlyList<string> v) => reported = v));

        Assert.All(cut.FindAll("input"), i => Assert.True(i.HasAttribute("checked")));
        cut.Find("input[value='20']").Change(false);

        Assert.Equal(["10", "30"], reported);
    }

    [Fact]
    public void ParamFilter_ReRenderWithTheOldChoiceBeforeTheUrlCatchesUp_KeepsThePendingChoice()
    {
        var reported = new List<IReadOnlyList<string>>();
        var axis = new ParamAxis("rate", ["10", "20", "30"]);
        var cut = _ctx.Render<ParamFilter>(p => p
            .Add(c => c.Axis, axis)
            .Add(c => c.Changed, (IReadOnlyList<string> v) => reported.Add(v)));

        cut.Find("input[value='20']").Change(false);
        // The parent re-renders (a live update) while the navigation is still in flight: Chosen is still "all".
        cut.Render(p => p.Add(c => c.Chosen, (IReadOnlyList<string>)[]));

        Assert.False(cut.Find("input[value='20']").HasAttribute("checked"));
        Assert.True(cut.Find("input[value='10']").HasAttribute("checked"));
        // A second click builds on the pending choice, not on the stale one.
        cut.Find("input[value='30']").Change(false);
        Assert.Equal(["10"], reported[^1]);

        // The URL catches up with something else (another tab, back button): the page's choice wins again.
        cut.Render(p => p.Add(c => c.Chosen, (IReadOnlyList<string>)["20"]));
        Assert.True(cut.Find("input[value='20']").HasAttribute("checked"));
        Assert.False(cut.Find("input[value='10']").HasAttribute("checked"));
    }

    [Fact]
    public void ParamFilter_TickingTheLastMissingValue_ReportsAll()
    {
        IReadOnlyList<string>? reported = null;
        var cut = _ctx.Render<ParamFilter>(p => p
            .Add(c => c.Axis, new ParamAxis("rate", ["10", "20"]))
            .Add(c => c.Chosen, ["10"])
            .Add(c => c.Changed, (IReadOnlyList<string> v) => reported = v));

        Assert.False(cut.Find("input[value='20']").HasAttribute("checked"));
        cut.Find("input[value='20']").Change(true);

        Assert.NotNull(reported);
        Assert.Empty(reported);
    }

    [Fact]
    public void StatPicker_ShowsUnitsAndDescription_AndReportsTheNewChoice()
    {
        string? chosen = null;
        var cut = _ctx.Render<StatPicker>(p => p
            .Add(c => c.Stats, ["fps_mean", "latency_p95_ms"])
            .Add(c => c.Selected, "latency_p95_ms")
            .Add(c => c.SelectedChanged, (string s) => chosen = s));

        Assert.Contains("latency_p95_ms (ms)", cut.Markup);
        Assert.Contains("95th percentile of per-frame latency.", cut.Find(".sl-stat-description").TextContent);
        cut.Find("select").Change("fps_mean");

        Assert.Equal("fps_mean", chosen);
    }

    [Fact]
    public void CampaignProgress_Running_ShowsCountsPointElapsedAndEta()
    {
        var started = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var entry = new QueueEntryView(3, "demo", QueueState.Running,
            new RunProgress(2, 8, 0, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(60), null),
            "rate=10", 1, started.AddSeconds(20), TimeSpan.FromSeconds(10), 1, null, started, started, null);

        var cut = _ctx.Render<CampaignProgress>(p => p.Add(c => c.Entry, entry).Add(c => c.Now, started.AddSeconds(25)));

        var text = cut.Find(".sl-progress-meta").TextContent;
        Assert.Contains("2 / 8 records", text);
        Assert.Contains("rate=10", text);
        Assert.Contains("elapsed 0:25", text);
        Assert.Contains("ETA 1:00", text);
        Assert.Contains("1 failed", text);
        // 2 done + half of the current record's 10 s, of 8.
        Assert.Equal("31", cut.Find(".sl-progress").GetAttribute("data-percent"));
    }

    [Fact]
    public void CampaignProgress_Finished_Is100Percent()
    {
        var t = DateTimeOffset.UnixEpoch;
        var entry = new QueueEntryView(1, "demo", QueueState.Finished, new RunProgress(4, 4, 0, TimeSpan.FromSeconds(8), null, null),
            null, null, null, TimeSpan.FromSeconds(2), 0, "4 succeeded", t, t, t.AddSeconds(8));

        var cut = _ctx.Render<CampaignProgress>(p => p.Add(c => c.Entry, entry).Add(c => c.Now, t.AddSeconds(9)));

        Assert.Equal("100", cut.Find(".sl-progress").GetAttribute("data-percent"));
        Assert.Contains("elapsed 0:08", cut.Markup);
    }

    [Fact]
    public void LaunchPanel_InvalidYaml_ShowsErrorsInlineAndCannotLaunch()
    {
        AddLaunchServices();
        var cut = _ctx.Render<LaunchPanel>(p => p.Add(c => c.InitialYaml, ""));

        cut.Find("textarea").Input("name: x\nduration: 5s\nrepetitions: zero\nroles: {}\n");

        Assert.Contains(cut.FindAll(".sl-errors li"), li => li.TextContent.StartsWith("line 3,", StringComparison.Ordinal));
        Assert.True(cut.Find(".sl-launch-btn").HasAttribute("disabled"));
        Assert.Empty(cut.FindAll(".sl-preview"));
    }

    [Fact]
    public void LaunchPanel_ValidYaml_PreviewsPointsRecordsAndDuration()
    {
        AddLaunchServices();
        var cut = _ctx.Render<LaunchPanel>(p => p.Add(c => c.InitialYaml, ""));

        cut.Find("textarea").Input(TestApp.TinyCampaignYaml("preview"));

        Assert.Empty(cut.FindAll(".sl-errors li"));
        Assert.Contains("4 point(s) × 2 repetition(s) = 8 record(s)", cut.Find(".sl-preview-summary").TextContent);
        // 8 × (300 ms warm-up + 1.5 s + 2 s overhead) = 30.4 s
        Assert.Contains("estimated 30.4 s", cut.Find(".sl-preview-summary").TextContent);
        Assert.Equal(4, cut.FindAll(".sl-points li").Count);
        Assert.False(cut.Find(".sl-launch-btn").HasAttribute("disabled"));
    }

    [Fact]
    public void LaunchPanel_ABillionRecordMatrix_ShowsTheCountAsAnErrorAndExpandsNothing()
    {
        AddLaunchServices();
        var cut = _ctx.Render<LaunchPanel>(p => p.Add(c => c.InitialYaml, ""));
        var values = string.Join(", ", Enumerable.Range(0, 1000));
        var before = GC.GetTotalAllocatedBytes(precise: true);

        cut.Find("textarea").Input($"name: huge\nduration: 1s\nmatrix:\n  a: [{values}]\n  b: [{values}]\n  c: [{values}]\nroles:\n  s: {{ command: [sleep, \"1\"] }}\n");

        // It grew the server to 3.1 GB by expanding on every keystroke; counting allocates a few MB at most.
        Assert.InRange(GC.GetTotalAllocatedBytes(precise: true) - before, 0, 64L << 20);
        Assert.Contains(cut.FindAll(".sl-errors li"), li => li.TextContent.Contains("1,000,000,000 records", StringComparison.Ordinal));
        Assert.Empty(cut.FindAll(".sl-preview"));
        Assert.True(cut.Find(".sl-launch-btn").HasAttribute("disabled"));
    }

    [Fact]
    public void LaunchPanel_OneHundredThousandRecords_PreviewsTheCountAndListsOnlyTheFirstPoints()
    {
        AddLaunchServices();
        var cut = _ctx.Render<LaunchPanel>(p => p.Add(c => c.InitialYaml, ""));
        var values = string.Join(", ", Enumerable.Range(0, 1000));

        cut.Find("textarea").Input($"name: big\nduration: 1s\nrepetitions: 100\nmatrix:\n  a: [{values}]\nroles:\n  s: {{ command: [sleep, \"1\"] }}\n");

        Assert.Contains("1000 point(s) × 100 repetition(s) = 100000 record(s)", cut.Find(".sl-preview-summary").TextContent);
        Assert.Equal(CampaignPreview.ShownPoints + 1, cut.FindAll(".sl-points li").Count);
        Assert.Contains("… and 950 more", cut.Find(".sl-points").TextContent);
    }

    [Fact]
    public async Task LaunchPanel_WithATokenSet_NeitherChecksNorLaunchesBeforeSignIn()
    {
        AddLaunchServices(token: "s3cret", signedIn: false);
        var cut = _ctx.Render<LaunchPanel>(p => p.Add(c => c.InitialYaml, TestApp.TinyCampaignYaml("guarded")));

        Assert.Contains("Checking a campaign needs the access token", cut.Markup);
        Assert.Empty(cut.FindAll(".sl-preview"));
        Assert.True(cut.Find(".sl-launch-btn").HasAttribute("disabled"));
        // Even a click the page did not offer is refused by the service behind it.
        var launcher = _ctx.Services.GetRequiredService<CampaignLauncher>();
        await Assert.ThrowsAsync<ChangeDeniedException>(() => launcher.LaunchAsync(TestApp.TinyCampaignYaml("guarded"), null, fresh: false));
        Assert.Empty(_ctx.Services.GetRequiredService<CampaignQueue>().Entries);
    }

    [Fact]
    public void LaunchPanel_WithATokenSet_SignedIn_PreviewsAndLaunches()
    {
        AddLaunchServices(token: "s3cret", signedIn: true);
        var cut = _ctx.Render<LaunchPanel>(p => p.Add(c => c.InitialYaml, TestApp.TinyCampaignYaml("guarded")));

        Assert.Contains("= 8 record(s)", cut.Find(".sl-preview-summary").TextContent);
        cut.Find(".sl-launch-btn").Click();

        Assert.Equal("guarded", Assert.Single(_ctx.Services.GetRequiredService<CampaignQueue>().Entries).Name);
    }

    private void AddLaunchServices(string? token = null, bool signedIn = false)
    {
        var data = Path.Combine(Path.GetTempPath(), "streamlab-bunit", Guid.NewGuid().ToString("N"));
        _ctx.Services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        _ctx.Services.AddStreamLabCore(data);
        _ctx.Services.AddStreamLabCollectors();
        _ctx.Services.AddSingleton<IWebHostEnvironment>(new TestWebHostEnvironment(data));
        _ctx.Services.AddSingleton<LiveUpdates>();
        _ctx.Services.AddSingleton<CampaignQueue>();
        _ctx.Services.AddSingleton<CampaignLibrary>();
        _ctx.Services.AddSingleton(new AccessToken(token));
        _ctx.Services.AddScoped<ChangeAccess>();
        _ctx.Services.AddScoped<CampaignLauncher>();
        // The user a circuit would get from its connection: with or without the proof of the token.
        var claims = signedIn ? new[] { new Claim(AccessToken.HolderClaim, "true") } : [];
        _ctx.Services.AddSingleton<AuthenticationStateProvider>(new FixedUser(new ClaimsPrincipal(new ClaimsIdentity(claims, signedIn ? "test" : null))));
    }

    /// <summary>bUnit's own AddAuthorization needs a WebAssembly package this registry lacks; this is all ChangeAccess reads.</summary>
    private sealed class FixedUser(ClaimsPrincipal user) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(user));
    }

    public void Dispose()
    {
        _ctx.Dispose();
        GC.SuppressFinalize(this);
    }

}
