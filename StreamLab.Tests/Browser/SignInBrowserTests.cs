using Microsoft.Playwright;
using StreamLab.Tests.Web.Dashboard;
using StreamLab.Web.Security;
using static Microsoft.Playwright.Assertions;

namespace StreamLab.Tests.Browser;

/// <summary>With STREAMLAB_TOKEN set, in Chromium: the pages refuse changes until the browser signs in, then allow them.</summary>
[Trait("Category", "Slow")]
[Collection(nameof(CpuMeasurements))]
public class SignInBrowserTests
{
    private const string Token = "browser-test-token-0123456789";

    [Fact]
    public async Task ChangesFromThePages_NeedSignIn_WhichSetsAnHttpOnlyStrictCookie()
    {
        await using var app = await TestApp.StartAsync($"--STREAMLAB_TOKEN={Token}");
        await DashboardSeed.SeedAsync(app.Store);
        await using var browser = await BrowserSession.StartAsync(nameof(ChangesFromThePages_NeedSignIn_WhichSetsAnHttpOnlyStrictCookie));
        var page = browser.Page;
        try
        {
            // Before signing in: the launch panel checks nothing, and Save on the targets page stores nothing.
            await browser.GotoAsync(app.Address + "/");
            await Expect(page.Locator(".sl-signin-needed")).ToBeVisibleAsync();
            await page.Locator("textarea.sl-yaml").FillAsync(TestApp.TinyCampaignYaml("guarded"));
            await Expect(page.Locator(".sl-launch .sl-error")).ToContainTextAsync("Checking a campaign needs the access token");
            await Expect(page.Locator(".sl-preview-summary")).ToHaveCountAsync(0);
            await browser.GotoAsync(app.Address + "/targets?campaign=seeded");
            await page.Locator("textarea.sl-targets-text").FillAsync("fps_mean >= 1");
            await page.Locator(".sl-save-targets").ClickAsync();
            await Expect(page.Locator(".sl-targets-errors li")).ToContainTextAsync("Saving targets needs the access token");
            Assert.Contains("\"versions\":[0]", await app.Http.GetStringAsync("/api/targets?campaign=seeded"));
            await browser.ScreenshotAsync("01-refused");

            // Sign in from the nav link: a wrong token is refused on the page; the right one comes back here.
            await page.Locator(".sl-signin[data-signed-in=false]").ClickAsync();
            await Expect(page.Locator("h1")).ToHaveTextAsync("Sign in");
            await page.Locator("#token").FillAsync("wrong");
            await page.Locator("#signin button").ClickAsync();
            await Expect(page.Locator("#problem")).ToContainTextAsync("not this StreamLab's access token");
            await page.Locator("#token").FillAsync(Token);
            await page.Locator("#signin button").ClickAsync();
            await page.WaitForURLAsync(app.Address + "/targets?campaign=seeded");
            await browser.WaitInteractiveAsync();
            await Expect(page.Locator(".sl-signin[data-signed-in=true]")).ToBeVisibleAsync();
            var cookie = Assert.Single(await page.Context.CookiesAsync(), c => c.Name == AccessToken.CookieName);
            Assert.True(cookie.HttpOnly);
            Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
            Assert.DoesNotContain(Token, cookie.Value);
            Assert.Equal("undefined", await page.EvaluateAsync<string>("() => typeof document.cookie.split('; ').find(c => c.startsWith('streamlab_access='))"));

            await page.Locator("textarea.sl-targets-text").FillAsync("fps_mean >= 1");
            await page.Locator(".sl-save-targets").ClickAsync();
            await WaitForAsync(async () => (await app.Http.GetStringAsync("/api/targets?campaign=seeded")).Contains("\"versions\":[0,1]", StringComparison.Ordinal));
            await browser.ScreenshotAsync("02-saved-after-sign-in");
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            var shot = await browser.ScreenshotAsync("failure");
            throw new InvalidOperationException($"{e.Message}\nscreenshot: {shot}\nbrowser problems:\n{string.Join("\n", browser.Problems)}", e);
        }
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(45);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in 45 s");
            await Task.Delay(250);
        }
    }
}
