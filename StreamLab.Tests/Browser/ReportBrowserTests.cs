using Microsoft.Playwright;
using StreamLab.Tests.Web.Dashboard;
using static Microsoft.Playwright.Assertions;

namespace StreamLab.Tests.Browser;

/// <summary>
/// A report in a real Chromium: saved from the matrix page, still the same after its campaign is deleted through the API,
/// and its exported HTML file drawing its chart in a browser context with no network at all.
/// </summary>
[Trait("Category", "Slow")]
[Collection(nameof(CpuMeasurements))] // Chromium + the app: timeouts flake when sharing 2 cores
public class ReportBrowserTests
{
    [Fact]
    public async Task Report_SavedFromMatrix_SurvivesCampaignDelete_AndExportOpensOffline()
    {
        await using var app = await TestApp.StartAsync();
        await DashboardSeed.SeedAsync(app.Store);
        await using var browser = await BrowserSession.StartAsync(nameof(Report_SavedFromMatrix_SurvivesCampaignDelete_AndExportOpensOffline));
        try
        {
            await SaveDeleteAndExportAsync(app, browser);
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException or Xunit.Sdk.XunitException)
        {
            var shot = await browser.ScreenshotAsync("failure");
            throw new InvalidOperationException($"{e.Message}\nscreenshot: {shot}\nbrowser problems:\n{string.Join("\n", browser.Problems)}", e);
        }
    }

    private static async Task SaveDeleteAndExportAsync(TestApp app, BrowserSession browser)
    {
        var page = browser.Page;

        // 1. The live matrix view, drawn.
        await browser.GotoAsync(app.Address + "/matrix?campaign=seeded&stat=latency_p95_ms&x=latency&group=mode");
        await Expect(page.Locator(".sl-chart[data-rendered=true]")).ToHaveCountAsync(1);
        var liveMeans = await page.Locator(".sl-points .sl-mean").AllTextContentsAsync();
        Assert.Equal(["6.50", "6.50", "21.50", "21.50"], liveMeans);
        await browser.ScreenshotAsync("01-matrix-live");

        // 2. Save as report → its permalink, with the same numbers and the data hash.
        await page.Locator(".sl-save-report").ClickAsync();
        await DashboardBrowserTests.WaitForUrlAsync(page, "/reports/");
        Assert.Matches("/reports/[a-z2-7]{26}$", page.Url);
        var slug = page.Url.Split('/')[^1];
        await Expect(page.Locator(".sl-data-hash")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[0-9a-f]{64}$"));
        await Expect(page.Locator(".sl-chart[data-rendered=true]")).ToHaveCountAsync(1);
        var hash = await page.Locator(".sl-data-hash").TextContentAsync();
        Assert.Equal(liveMeans, await page.Locator(".sl-points .sl-mean").AllTextContentsAsync());
        await browser.ScreenshotAsync("02-report-saved");

        // 3. The campaign goes, through the API; the report stays the same.
        var id = (await app.Store.FindCampaignAsync("seeded"))!.Id;
        Assert.Equal(System.Net.HttpStatusCode.NoContent, (await app.Http.DeleteAsync($"/api/campaigns/{id}")).StatusCode);
        Assert.Empty(await app.Store.ListRecordsAsync());
        await browser.GotoAsync($"{app.Address}/reports/{slug}");
        await Expect(page.Locator(".sl-chart[data-rendered=true]")).ToHaveCountAsync(1);
        Assert.Equal(liveMeans, await page.Locator(".sl-points .sl-mean").AllTextContentsAsync());
        Assert.Equal(hash, await page.Locator(".sl-data-hash").TextContentAsync());
        await browser.ScreenshotAsync("03-report-after-campaign-deleted");

        // 4. The exported file, opened from disk in a context that is offline and aborts any request that is not the file.
        var html = await app.Http.GetStringAsync($"/reports/{slug}/export.html");
        var file = Path.Combine(browser.ScreenshotDirectory, $"report-{slug}.html");
        await File.WriteAllTextAsync(file, html);
        await using var offline = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            Offline = true,
            ViewportSize = new ViewportSize { Width = 1400, Height = 1000 },
        });
        var attempted = new List<string>();
        await offline.RouteAsync("**/*", async route =>
        {
            if (route.Request.Url.StartsWith("file:", StringComparison.Ordinal))
            {
                await route.ContinueAsync();
                return;
            }
            attempted.Add(route.Request.Url);
            await route.AbortAsync();
        });
        var exported = await offline.NewPageAsync();
        var errors = new List<string>();
        exported.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
        exported.PageError += (_, e) => errors.Add(e);
        exported.RequestFailed += (_, r) => errors.Add($"request failed: {r.Url}");
        await exported.GotoAsync(new Uri(file).AbsoluteUri);
        await Expect(exported.Locator("body")).ToHaveAttributeAsync("data-charts", "drawn:1", new() { Timeout = 60_000 });
        await Expect(exported.Locator(".sl-chart[data-rendered=true] .main-svg").First).ToBeVisibleAsync();
        // One point marker per matrix point (two traces of two points), drawn by plotly from the inlined data.
        await Expect(exported.Locator(".sl-chart .scatterlayer .point")).ToHaveCountAsync(4);
        Assert.Equal(liveMeans, await exported.Locator(".sl-points .sl-mean").AllTextContentsAsync());
        Assert.Contains(hash!, await exported.Locator(".sl-data-hash").TextContentAsync());
        await exported.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(browser.ScreenshotDirectory, "04-export-offline.png"), FullPage = true });
        Assert.Empty(attempted);
        Assert.Empty(errors);
    }
}
