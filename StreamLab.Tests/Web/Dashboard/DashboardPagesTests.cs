using System.Net;

namespace StreamLab.Tests.Web.Dashboard;

/// <summary>Every dashboard page and URL form, server-rendered by the real app on 127.0.0.1:0 over a seeded store.</summary>
public class DashboardPagesTests
{
    [Fact]
    public async Task Pages_EveryUrlForm_RendersWhatItNames()
    {
        await using var app = await TestApp.StartAsync();
        var ids = await DashboardSeed.SeedAsync(app.Store);

        var campaigns = await app.Http.GetStringAsync("/");
        Assert.Contains("seeded", campaigns);
        Assert.Contains("complete", campaigns);
        Assert.Contains("Launch a campaign", campaigns);

        var list = await app.Http.GetStringAsync("/records");
        Assert.Equal(8, CountOccurrences(list, "data-record="));

        var one = await app.Http.GetStringAsync($"/records/{ids[0]}");
        Assert.Contains($"Record {ids[0]}", one);
        Assert.Contains("test-host", one);
        Assert.Contains("latency_p95_ms", one);
        Assert.Contains("95th percentile of per-frame latency.", one);
        Assert.Contains($"/api/records/{ids[0]}/frames.csv", one);

        var byQuery = await app.Http.GetStringAsync("/records?campaign=seeded&point=latency%3D20_mode%3Db&rep=2");
        Assert.Contains($"Record {ids[7]}", byQuery);

        var point = await app.Http.GetStringAsync("/records?campaign=seeded&point=latency%3D20_mode%3Db");
        Assert.Equal(2, CountOccurrences(point, "data-record="));

        var missing = await app.Http.GetStringAsync("/records/99999");
        Assert.Contains("There is no record 99999", missing);

        var matrix = await app.Http.GetStringAsync("/matrix?campaign=seeded&stat=latency_p95_ms&x=latency&group=mode");
        Assert.Equal(4, CountOccurrences(matrix, "data-point="));
        Assert.Contains("95% Student t interval", matrix);

        var filtered = await app.Http.GetStringAsync("/matrix?campaign=seeded&stat=fps_mean&x=latency&group=&mode=a");
        Assert.Equal(2, CountOccurrences(filtered, "data-point="));
        Assert.DoesNotContain("data-point=\"latency=5_mode=b\"", filtered);

        var nothing = await app.Http.GetStringAsync("/matrix?campaign=seeded&mode=zzz");
        Assert.Contains("No succeeded records match these filters", nothing);
    }

    [Fact]
    public async Task Matrix_WithoutCampaign_RedirectsToAUrlThatNamesIt()
    {
        await using var app = await TestApp.StartAsync();
        await DashboardSeed.SeedAsync(app.Store);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.Http.BaseAddress };

        var response = await http.GetAsync("/matrix");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.EndsWith("/matrix?campaign=seeded", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task LaunchPanel_RunFromTheRepository_OffersItsExampleCampaigns()
    {
        await using var app = await TestApp.StartAsync($"--contentRoot={StreamLab.Tests.TestSupport.Repo.Root}");

        var page = await app.Http.GetStringAsync("/");

        Assert.Contains("<option value=\"ext-demo.yaml\"", page);
        Assert.Contains("name: ext-demo", page);
        Assert.Contains("Dry run:", page);
    }

    [Fact]
    public async Task EmptyLab_EveryPage_SaysWhatToDoNext()
    {
        await using var app = await TestApp.StartAsync();

        Assert.Contains("No campaigns yet", await app.Http.GetStringAsync("/"));
        Assert.Contains("No campaigns yet, so nothing to explore", await app.Http.GetStringAsync("/matrix"));
        Assert.Contains("No records yet", await app.Http.GetStringAsync("/records"));
    }

    [Fact]
    public async Task CsvDownloads_HoldTheRawRows_AndUnknownRecordsAre404()
    {
        await using var app = await TestApp.StartAsync();
        var ids = await DashboardSeed.SeedAsync(app.Store);

        var frames = await app.Http.GetStringAsync($"/api/records/{ids[0]}/frames.csv");
        var samples = await app.Http.GetStringAsync($"/api/records/{ids[0]}/samples.csv");
        var events = await app.Http.GetStringAsync($"/api/records/{ids[0]}/events.csv");
        var unknown = await app.Http.GetAsync("/api/records/99999/frames.csv");

        var frameLines = frames.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("recv_wall_us,frame_id,user_timestamp_us", frameLines[0]);
        Assert.Equal(1 + 97, frameLines.Length);
        Assert.Contains("\"cpu_pct{role=\"\"client\"\"}\"", samples);
        Assert.Contains(",burst_on,", events);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    private static int CountOccurrences(string text, string fragment) =>
        (text.Length - text.Replace(fragment, "", StringComparison.Ordinal).Length) / fragment.Length;
}
