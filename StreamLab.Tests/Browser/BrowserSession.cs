using Microsoft.Playwright;

namespace StreamLab.Tests.Browser;

/// <summary>Debian's Chromium driven by Playwright's bundled driver (never <c>playwright install</c>), headless, offline.</summary>
public sealed class BrowserSession : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;

    private BrowserSession(IPlaywright playwright, IBrowser browser, IPage page, string screenshots)
    {
        _playwright = playwright;
        Browser = browser;
        Page = page;
        ScreenshotDirectory = screenshots;
    }

    public IBrowser Browser { get; }
    public IPage Page { get; }
    public string ScreenshotDirectory { get; }

    /// <summary>Console errors and failed requests seen by the page (a broken circuit shows up here first).</summary>
    public List<string> Problems { get; } = [];

    /// <param name="testName">Names the screenshot folder.</param>
    /// <param name="extraArgs">More Chromium switches, e.g. <c>--host-resolver-rules=…</c> to point a name at loopback.</param>
    public static async Task<BrowserSession> StartAsync(string testName, params string[] extraArgs)
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", .. extraArgs],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        page.SetDefaultTimeout(60_000);
        // plotly.js (4.8 MB) parses in ~2 s on 2 idle cores; with the app, a campaign and Chromium busy it can take longer.
        Assertions.SetDefaultExpectTimeout(45_000);
        var screenshots = Path.Combine(AppContext.BaseDirectory, "screenshots", testName);
        Directory.CreateDirectory(screenshots);
        var session = new BrowserSession(playwright, browser, page, screenshots);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                session.Problems.Add($"console: {message.Text} at {message.Location}");
            }
        };
        page.RequestFailed += (_, request) => session.Problems.Add($"request failed: {request.Url} {request.Failure}");
        return session;
    }

    /// <summary>Opens a page and waits for the live circuit (the layout's data-interactive marker).</summary>
    public async Task GotoAsync(string url)
    {
        await Page.GotoAsync(url);
        await WaitInteractiveAsync();
    }

    public Task WaitInteractiveAsync() => Page.Locator("[data-interactive=true]").WaitForAsync();

    public async Task<string> ScreenshotAsync(string name)
    {
        var path = Path.Combine(ScreenshotDirectory, name + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.CloseAsync();
        _playwright.Dispose();
    }
}
