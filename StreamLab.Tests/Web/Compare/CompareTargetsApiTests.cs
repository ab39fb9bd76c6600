using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using StreamLab.Tests.Web.Api;
using StreamLab.Tests.Web.Dashboard;
using StreamLab.Web.Dashboard.Targets;

namespace StreamLab.Tests.Web.Compare;

/// <summary>
/// /compare, /targets and their APIs served by the real app over the seeded campaign (mode a: fps 50, mode b: fps 40
/// in every record; latency_p95 = latency + repetition on both sides, so no difference there).
/// </summary>
public class CompareTargetsApiTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task CompareApi_ModeAxis_FindsTheFpsDropAndNoLatencyDifference()
    {
        await using var app = await TestApp.StartAsync();
        await DashboardSeed.SeedAsync(app.Store);

        var view = await app.Http.GetFromJsonAsync<JsonElement>("/api/compare?campaign=seeded&axis=mode&baseline=a&candidate=b", Json);

        Assert.Equal("mode", view.GetProperty("axis").GetString());
        Assert.Equal(2, view.GetProperty("pairs").GetArrayLength());
        var fps = Metric(view, "fps_mean");
        Assert.Equal(-10, fps.GetProperty("change").GetDouble(), 9);
        Assert.Equal(-0.2, fps.GetProperty("relative").GetDouble(), 9);
        Assert.Equal("worse", fps.GetProperty("verdict").GetString());
        Assert.True(fps.GetProperty("significant").GetBoolean());
        var latency = Metric(view, "latency_p95_ms");
        Assert.Equal(0, latency.GetProperty("change").GetDouble(), 9);
        Assert.Equal("no significant difference", latency.GetProperty("verdict").GetString());
        Assert.Equal("b is worse: 20% lower fps_mean than a.", Assert.Single(view.GetProperty("summary").EnumerateArray()).GetString());
        // The overlaid series of the first pair: latency, fps and CPU charts, each with a trace per side.
        var charts = view.GetProperty("series").GetProperty("charts");
        Assert.Contains(charts.EnumerateArray(), c => c.GetProperty("title").GetString() == "Per-frame latency" && c.GetProperty("traces").GetArrayLength() == 2);
        Assert.Contains(charts.EnumerateArray(), c => c.GetProperty("windows").EnumerateArray().Any(w => w.GetProperty("label").GetString()!.StartsWith("a (record ", StringComparison.Ordinal) && w.GetProperty("label").GetString()!.EndsWith("): burst", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("/api/compare?campaign=nope", 404, "There is no campaign named 'nope'.")]
    [InlineData("/api/compare", 400, "Name a campaign")]
    [InlineData("/api/compare?campaign=seeded&axis=zzz", 400, "'zzz' is not a parameter of campaign 'seeded'")]
    [InlineData("/api/compare?campaign=seeded&axis=mode&baseline=c", 400, "baseline 'c' is not a value of 'mode' in campaign 'seeded'; its values: a, b.")]
    [InlineData("/api/compare?campaign=seeded&axis=mode&baseline=a&candidate=a", 400, "baseline and candidate are both 'a'")]
    [InlineData("/api/targets?campaign=nope", 404, "There is no campaign named 'nope'.")]
    [InlineData("/api/targets?campaign=seeded&version=x", 400, "version 'x' is not a whole number")]
    [InlineData("/api/targets?campaign=seeded&version=7", 404, "has no targets version 7; versions: 0")]
    public async Task Api_BadInput_IsAProblemThatSaysWhatIsWrong(string url, int status, string detail)
    {
        await using var app = await TestApp.StartAsync();
        await DashboardSeed.SeedAsync(app.Store);

        var response = await app.Http.GetAsync(url);

        Assert.Equal((HttpStatusCode)status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Json);
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.Contains(detail, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Targets_SavedVersion_JudgesEveryPointAndVersionZeroStaysTheFile()
    {
        await using var app = await TestApp.StartAsync();
        await DashboardSeed.SeedAsync(app.Store);
        var service = app.App.Services.GetRequiredService<TargetsService>();

        var bad = await service.SaveAsync("seeded", "fps_mean >= 45\nlatency_p95 is low");
        Assert.Null(bad.Version);
        Assert.StartsWith("line 2: 'latency_p95 is low' is not a target", Assert.Single(bad.Errors));

        var saved = await service.SaveAsync("seeded", "fps_mean >= 45\n\nlatency_p95_ms < 10\n");
        Assert.Equal(1, saved.Version);

        var view = await app.Http.GetFromJsonAsync<JsonElement>("/api/targets?campaign=seeded", Json);
        Assert.Equal(1, view.GetProperty("version").GetInt32());
        Assert.Equal([0, 1], view.GetProperty("versions").EnumerateArray().Select(v => v.GetInt32()));
        // fps: a 50 passes, b 40 fails; latency_p95: 5+1.5 = 6.5 passes, 21.5 fails → 4 of 8 cells, one point meets both.
        Assert.Equal(4, view.GetProperty("cellsPassed").GetInt32());
        Assert.Equal(8, view.GetProperty("cellsJudged").GetInt32());
        Assert.Equal(1, view.GetProperty("pointsMeetingAll").GetInt32());
        var point = view.GetProperty("points").EnumerateArray().Single(p => p.GetProperty("pointKey").GetString() == "latency=5_mode=a");
        Assert.Equal(["pass", "pass"], point.GetProperty("cells").EnumerateArray().Select(c => c.GetProperty("status").GetString()));
        Assert.Equal("6.50", point.GetProperty("cells")[1].GetProperty("shown").GetString());

        var file = await app.Http.GetFromJsonAsync<JsonElement>("/api/targets?campaign=seeded&version=0", Json);
        Assert.Equal(0, file.GetProperty("targets").GetArrayLength());

        var page = WebUtility.HtmlDecode(await app.Http.GetStringAsync("/targets?campaign=seeded&version=1"));
        Assert.Contains("data-status=\"fail\"", page);
        Assert.Contains("data-status=\"pass\"", page);
        Assert.Contains("1 of 4 point(s) meet every target", page);
        Assert.Contains("+ chunked playback", page);
    }

    [Fact]
    public async Task ComparePage_RendersTheVerdictsAndTheUrlState()
    {
        await using var app = await TestApp.StartAsync();
        await DashboardSeed.SeedAsync(app.Store);

        var page = WebUtility.HtmlDecode(await app.Http.GetStringAsync("/compare?campaign=seeded&axis=mode&baseline=a&candidate=b&metric=fps_mean&pair=latency%3D20"));

        Assert.Contains("b is worse: 20% lower fps_mean than a.", page);
        Assert.Contains("<tr data-metric=\"fps_mean\" class=\"sl-verdict-worse\">", page);
        Assert.Contains("data-pair=\"latency=20\" class=\"sl-selected", page);
        Assert.Contains("Time series of latency=20", page);

        var bad = WebUtility.HtmlDecode(await app.Http.GetStringAsync("/compare?campaign=seeded&axis=nope"));
        Assert.Contains("'nope' is not a parameter of campaign 'seeded'", bad);
        Assert.Contains("href=\"/compare\"", await app.Http.GetStringAsync("/"));
    }

    [Fact]
    public async Task CompareAndTargetsReports_FreezeTheVerdicts_AndOutliveTheCampaign()
    {
        await using var app = await TestApp.StartAsync();
        await DashboardSeed.SeedAsync(app.Store);
        var campaignId = (await app.Store.FindCampaignAsync("seeded"))!.Id;
        var service = app.App.Services.GetRequiredService<TargetsService>();
        Assert.Equal(1, (await service.SaveAsync("seeded", "fps_mean >= 45\nlatency_p95_ms < 10")).Version);

        var compare = await (await app.Http.PostAsJsonAsync("/api/reports",
            new { kind = "compare", source = "/compare?campaign=seeded&axis=mode&baseline=a&candidate=b&metric=fps_mean" })).JsonAsync(HttpStatusCode.Created);
        var targets = await (await app.Http.PostAsJsonAsync("/api/reports",
            new { kind = "targets", source = "/targets?campaign=seeded&version=1" })).JsonAsync(HttpStatusCode.Created);
        await (await app.Http.PostAsJsonAsync("/api/reports", new { kind = "compare", source = "/compare?campaign=seeded&axis=zzz" }))
            .ProblemAsync(HttpStatusCode.BadRequest, "'zzz' is not a parameter of campaign 'seeded'");
        var compareSlug = compare.GetProperty("slug").GetString()!;
        var targetsSlug = targets.GetProperty("slug").GetString()!;
        Assert.Equal("b vs a along mode — seeded", compare.GetProperty("title").GetString());

        // data.csv: the verdict per metric (fps 50 → 40 in every record: significant, worse); the grid per point.
        var csv = await app.Http.GetStringAsync($"/reports/{compareSlug}/data.csv");
        Assert.Contains("\nfps_mean,fps,HigherIsBetter,50,40,-10,-0.2,", csv);
        Assert.Contains(",worse,2\n", csv); // no spread at all: the fewest repetitions (2) tell 5% apart
        var grid = await app.Http.GetStringAsync($"/reports/{targetsSlug}/data.csv");
        Assert.StartsWith("latency,mode,point,n,fps_mean >= 45 value,fps_mean >= 45 status,", grid);
        Assert.Contains(",pass,", grid);
        Assert.Contains(",fail,", grid);

        Assert.Equal(HttpStatusCode.NoContent, (await app.Http.DeleteAsync($"/api/campaigns/{campaignId}")).StatusCode);

        // The frozen reports still render what they showed; the export carries the same summary, with no network.
        var page = WebUtility.HtmlDecode(await app.Http.GetStringAsync($"/reports/{compareSlug}"));
        Assert.Contains("b is worse: 20% lower fps_mean than a.", page);
        Assert.Contains("<tr data-metric=\"fps_mean\" class=\"sl-verdict-worse\">", page);
        Assert.DoesNotContain(">overlay<", page);
        var export = WebUtility.HtmlDecode(await app.Http.GetStringAsync($"/reports/{compareSlug}/export.html"));
        Assert.Contains("b is worse: 20% lower fps_mean than a.", export);
        Assert.Contains(".sl-verdict-worse", export);
        Assert.DoesNotContain("<script src=", export);
        var frozenTargets = WebUtility.HtmlDecode(await app.Http.GetStringAsync($"/reports/{targetsSlug}"));
        Assert.Contains("data-status=\"fail\"", frozenTargets);
        Assert.Contains("1 of 4 point(s) meet every target", frozenTargets);
    }

    private static JsonElement Metric(JsonElement view, string name) =>
        view.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("metric").GetString() == name);
}
