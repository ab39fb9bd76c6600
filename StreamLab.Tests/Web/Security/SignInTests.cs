using System.Net;
using System.Security.Claims;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using StreamLab.Tests.Web.Api;
using StreamLab.Tests.Web.Dashboard;
using StreamLab.Web.Dashboard.Targets;
using StreamLab.Web.Security;

namespace StreamLab.Tests.Web.Security;

/// <summary>With STREAMLAB_TOKEN set: the sign-in cookie, and the one rule it proves to the API and the services.</summary>
public class SignInTests
{
    private const string Token = "a-test-token-of-some-length";

    [Fact]
    public async Task SignIn_SetsAnHttpOnlyStrictCookieDerivedFromTheToken_ThatProvesItToTheApi()
    {
        await using var app = await TestApp.StartAsync($"--STREAMLAB_TOKEN={Token}");
        var ids = await DashboardSeed.SeedAsync(app.Store);
        var report = new { kind = "record", source = $"/records/{ids[0]}" };
        // No cookie jar: every request below carries exactly the cookie the test gives it.
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = app.Http.BaseAddress };

        await (await http.PostAsJsonAsync("/api/session", new { token = "wrong" })).ProblemAsync(HttpStatusCode.Unauthorized, "not this StreamLab's access token");
        var signedIn = await http.PostAsJsonAsync("/api/session", new { token = Token });

        Assert.Equal(HttpStatusCode.NoContent, signedIn.StatusCode);
        var setCookie = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith(AccessToken.CookieName + "=", setCookie);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Token, setCookie);
        var cookie = setCookie.Split(';')[0];

        await (await http.PostAsJsonAsync("/api/reports", report)).ProblemAsync(HttpStatusCode.Unauthorized, "Saving a report");
        await (await WithCookie(http, cookie + "x", report)).ProblemAsync(HttpStatusCode.Unauthorized, "Saving a report");
        await (await WithCookie(http, cookie, report)).JsonAsync(HttpStatusCode.Created);
        Assert.Contains("\"signedIn\":false", await http.GetStringAsync("/api/session"));
    }

    [Fact]
    public async Task TargetsSave_IsRefusedByTheServiceWithoutTheProof_AndStoresNothing()
    {
        await using var app = await TestApp.StartAsync($"--STREAMLAB_TOKEN={Token}");
        await DashboardSeed.SeedAsync(app.Store);
        using var scope = app.App.Services.CreateScope();
        var auth = (IHostEnvironmentAuthenticationStateProvider)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        var targets = scope.ServiceProvider.GetRequiredService<TargetsService>();

        auth.SetAuthenticationState(Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity()))));
        await Assert.ThrowsAsync<ChangeDeniedException>(() => targets.SaveAsync("seeded", "fps_mean >= 1"));
        Assert.Equal([0], (await targets.BuildAsync("seeded", (int?)null)).Versions);

        auth.SetAuthenticationState(Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity([new Claim(AccessToken.HolderClaim, "true")], "test")))));
        Assert.Equal(1, (await targets.SaveAsync("seeded", "fps_mean >= 1")).Version);
    }

    [Fact]
    public void Cookie_ExpiresAndStopsWorkingWhenTheTokenChanges()
    {
        var now = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        var token = new AccessToken(Token);
        var cookie = token.IssueCookie(now);

        Assert.True(token.AcceptsCookie(cookie, now.AddDays(13)));
        Assert.False(token.AcceptsCookie(cookie, now.AddDays(15)));
        Assert.False(new AccessToken(Token + "2").AcceptsCookie(cookie, now));
        Assert.False(token.AcceptsCookie(cookie.Replace(".", ".A", StringComparison.Ordinal), now));
        var (expiry, mac) = (cookie.Split('.')[0], cookie.Split('.')[1]);
        Assert.False(token.AcceptsCookie($"{long.Parse(expiry) + 86400}.{mac}", now), "a later expiry with the old MAC");
        Assert.False(new AccessToken(null).AcceptsCookie(cookie, now));
    }

    [Theory]
    [InlineData("/targets?campaign=x", "/targets?campaign=x")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData(null, "/")]
    public void SignInPage_GoesBackOnlyToAPathOfThisApp(string? asked, string expected) =>
        Assert.Equal(expected, SignInEndpoints.LocalPath(asked));

    private static async Task<HttpResponseMessage> WithCookie(HttpClient http, string cookie, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/reports") { Content = JsonContent.Create(body) };
        request.Headers.Add("Cookie", cookie);
        return await http.SendAsync(request);
    }
}
