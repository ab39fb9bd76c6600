using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace StreamLab.Tests.Browser;

/// <summary>The dashboard in a real Chromium against the real app: launch, live progress, matrix explorer, record viewer, cancel, reconnect.</summary>
[Trait("Category", "Slow")]
[Collection(nameof(CpuMeasurements))] // Chromium + the app + a campaign: timeouts flake when sharing 2 cores
public class DashboardBrowserTests
{
    [Fact]
    public async Task Dashboard_LaunchExploreAndOpenRecord_WorksEndToEnd()
    {
        await using var app = await TestApp.StartAsync();
        await using var browser = await BrowserSession.StartAsync(nameof(Dashboard_LaunchExploreAndOpenRecord_WorksEndToEnd));
        try
        {
            await LaunchExploreAndOpenRecordAsync(app, browser);
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            var shot = await browser.ScreenshotAsync("failure");
            throw new InvalidOperationException($"{e.Message}\nscreenshot: {shot}\nbrowser problems:\n{string.Join("\n", browser.Problems)}", e);
        }
    }

    private static async Task LaunchExploreAndOpenRecordAsync(TestApp app, BrowserSession browser)
    {
        var page = browser.Page;

        // 1. An empty lab says what to do next.
        await browser.GotoAsync(app.Address + "/");
        await Expect(page.Locator(".sl-empty")).ToContainTextAsync("No campaigns yet");
        await browser.ScreenshotAsync("01-campaigns-empty");

        // 2. Errors are shown inline with line numbers before anything runs.
        await page.Locator(".sl-example").SelectOptionAsync("");
        await page.Locator("textarea.sl-yaml").FillAsync("name: broken\nduration: forever\nroles: {}\n");
        await Expect(page.Locator(".sl-yaml-errors li").First).ToContainTextAsync("line 2");
        await Expect(page.Locator(".sl-launch-btn")).ToBeDisabledAsync();
        await browser.ScreenshotAsync("02-yaml-errors");

        // 3. A valid campaign gets a dry-run preview, then launches; progress moves live to 100%.
        await page.Locator("textarea.sl-yaml").FillAsync(TestApp.TinyCampaignYaml());
        await Expect(page.Locator(".sl-preview-summary")).ToContainTextAsync("4 point(s) × 2 repetition(s) = 8 record(s)");
        await page.Locator(".sl-launch-btn").ClickAsync();
        var progress = page.Locator(".sl-queue .sl-progress").First;
        await Expect(progress).ToHaveAttributeAsync("data-state", "running");
        await Expect(progress.Locator(".sl-done")).Not.ToContainTextAsync("0 / 8", new() { Timeout = 30_000 });
        await browser.ScreenshotAsync("03-campaign-running");
        await Expect(progress).ToHaveAttributeAsync("data-state", "finished", new() { Timeout = 90_000 });
        await Expect(progress).ToHaveAttributeAsync("data-percent", "100");
        await Expect(page.Locator(".sl-campaigns tr[data-campaign=ui-tiny] .sl-status")).ToHaveTextAsync("complete");
        await browser.ScreenshotAsync("04-campaign-finished");

        // 4. Matrix explorer: change stat and a filter; the URL carries the view and reloading it gives the same view.
        await page.Locator(".sl-queue a", new() { HasText = "ui-tiny" }).ClickAsync();
        await Expect(page.Locator(".sl-chart[data-rendered=true]")).ToHaveCountAsync(1);
        await Expect(page.Locator(".sl-points tbody tr")).ToHaveCountAsync(4);
        await page.Locator("select.sl-stat").SelectOptionAsync("fps_mean");
        await WaitForUrlAsync(page, "stat=fps_mean");
        // Act on the re-rendered page only: a click that lands mid-render hits a handler Blazor already replaced.
        await Expect(page.Locator(".sl-chart[data-chart^='fps_mean by latency']")).ToHaveCountAsync(1);
        await UntickUntilTheUrlSaysAsync(page, page.Locator(".sl-param-filter[data-param=mode] input[value=b]"), "mode=a");
        await Expect(page.Locator(".sl-points tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator(".sl-chart[data-rendered=true]")).ToHaveCountAsync(1);
        var url = page.Url;
        var table = await page.Locator(".sl-points").InnerTextAsync();
        await browser.ScreenshotAsync("05-matrix-filtered");

        await browser.GotoAsync(url);
        await Expect(page.Locator(".sl-chart[data-rendered=true]")).ToHaveCountAsync(1);
        Assert.Equal(url, page.Url);
        Assert.Equal(table, await page.Locator(".sl-points").InnerTextAsync());
        Assert.Equal("fps_mean", await page.Locator("select.sl-stat").InputValueAsync());
        Assert.False(await page.Locator(".sl-param-filter[data-param=mode] input[value=b]").IsCheckedAsync());
        Assert.True(await page.Locator(".sl-param-filter[data-param=mode] input[value=a]").IsCheckedAsync());
        await browser.ScreenshotAsync("06-matrix-reloaded");

        // 5. A point's records, then one record with its charts (latency, fps, CPU, memory, queue_depth).
        await page.Locator(".sl-points tbody tr").First.Locator("a").ClickAsync();
        await Expect(page.Locator(".sl-records tbody tr")).ToHaveCountAsync(2);
        await page.Locator(".sl-records tbody tr").First.Locator("a").First.ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("Record");
        await Expect(page.Locator(".sl-chart[data-rendered=true]")).ToHaveCountAsync(5, new() { Timeout = 30_000 });
        await Expect(page.Locator(".sl-summary tr[data-metric=latency_p95_ms]")).ToContainTextAsync("ms");
        await Expect(page.Locator(".sl-logfile").First).ToContainTextAsync("client.");
        await browser.ScreenshotAsync("07-record");

        // 6. The Reg view: per-record latency against the latency parameter, with its fit; the URL carries it.
        await browser.GotoAsync(app.Address + "/matrix?campaign=ui-tiny");
        await Expect(page.Locator(".sl-chart[data-rendered=true]")).ToHaveCountAsync(1);
        await page.Locator("select.sl-stat").SelectOptionAsync("reg:latency_p50_ms:latency");
        await WaitForUrlAsync(page, "stat=reg%3Alatency_p50_ms%3Alatency");
        await Expect(page.Locator(".sl-analysis .sl-chart[data-rendered=true]")).ToHaveCountAsync(1);
        await Expect(page.Locator(".sl-fit")).ToContainTextAsync("over 8 record(s)");
        var slope = double.Parse(await page.Locator(".sl-slope").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(slope, 0.5, 1.5); // the role adds the latency parameter to every frame
        await browser.ScreenshotAsync("08-matrix-reg");

        Assert.True(browser.Problems.Count == 0, string.Join(Environment.NewLine, browser.Problems));
    }

    [Fact]
    public async Task Dashboard_CancelButton_StopsTheRunningCampaign()
    {
        await using var app = await TestApp.StartAsync();
        await using var browser = await BrowserSession.StartAsync(nameof(Dashboard_CancelButton_StopsTheRunningCampaign));
        var page = browser.Page;
        var yaml = TestApp.TinyCampaignYaml("ui-cancel", repetitions: 1).Replace("duration: 1500ms", "duration: 300s", StringComparison.Ordinal); // cancelled long before; a loaded machine can take a minute to get there

        await browser.GotoAsync(app.Address + "/");
        await page.Locator("textarea.sl-yaml").FillAsync(yaml);
        await page.Locator(".sl-launch-btn").ClickAsync();
        var progress = page.Locator(".sl-queue .sl-progress").First;
        await Expect(progress.Locator(".sl-progress-meta")).ToContainTextAsync("now: latency=5_mode=a");
        // Meanwhile the running record's page fills in as its rows arrive.
        var viewer = await browser.Browser.NewPageAsync();
        await viewer.GotoAsync(app.Address + "/records?campaign=ui-cancel");
        await viewer.Locator("[data-interactive=true]").WaitForAsync();
        await viewer.Locator(".sl-records tbody tr a").First.ClickAsync();
        await Expect(viewer.Locator("h1 .sl-status")).ToHaveTextAsync("running");
        await Expect(viewer.Locator(".sl-chart[data-chart='Per-frame latency'][data-rendered=true]")).ToHaveCountAsync(1);
        await viewer.ScreenshotAsync(new() { Path = Path.Combine(browser.ScreenshotDirectory, "00-running-record.png"), FullPage = true });

        await page.Locator(".sl-queue button", new() { HasText = "Cancel" }).ClickAsync();
        await Expect(progress).ToHaveAttributeAsync("data-state", "cancelled", new() { Timeout = 30_000 });
        await Expect(progress.Locator(".sl-progress-meta")).Not.ToContainTextAsync("failed");
        await browser.ScreenshotAsync("01-cancelled");

        var record = Assert.Single(await app.Store.ListRecordsAsync("ui-cancel"));
        Assert.Equal(StreamLab.Core.Storage.RecordStatus.Cancelled, record.Status);
        Assert.Equal(0, await page.Locator(".sl-queue button").CountAsync());
        await Expect(viewer.Locator("h1 .sl-status")).ToHaveTextAsync("cancelled");

        // The server going away opens .NET 10's reconnect dialog (the page says so instead of going dead).
        await app.App.StopAsync();
        await Expect(page.Locator("#components-reconnect-modal")).ToBeVisibleAsync();
        await browser.ScreenshotAsync("02-server-gone");
    }

    /// <summary>
    /// Waits until the address bar carries <paramref name="fragment"/>. Blazor changes the URL with pushState, which
    /// WaitForURLAsync only sees through navigation events that a loaded machine can deliver late or not at all; reading
    /// page.Url on a poll sees the history change itself.
    /// </summary>
    internal static async Task WaitForUrlAsync(IPage page, string fragment, int timeoutMs = 60_000)
    {
        var until = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!page.Url.Contains(fragment, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"the URL never contained '{fragment}' within {timeoutMs} ms; it is {page.Url}");
            }
            await page.WaitForTimeoutAsync(100);
        }
    }

    /// <summary>
    /// Unticks a filter box and waits for the URL to carry the filter. The box keeps the click as a pending choice until the
    /// URL catches up (ParamFilter), so one untick is enough; a second click is only tried if the first never reached the circuit.
    /// </summary>
    private static async Task UntickUntilTheUrlSaysAsync(IPage page, ILocator box, string fragment)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (await box.IsCheckedAsync())
            {
                await box.UncheckAsync();
            }
            try
            {
                await WaitForUrlAsync(page, fragment, 20_000);
                return;
            }
            catch (TimeoutException) when (attempt < 3)
            {
                // Try the click again.
            }
        }
    }
}
