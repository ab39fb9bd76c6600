using System.Net;
using Microsoft.AspNetCore.Mvc;
using StreamLab.Web.Api;

namespace StreamLab.Web.Security;

/// <summary>What <c>POST /api/session</c> takes.</summary>
public sealed record SignInRequest(string? Token);

/// <summary>
/// How a browser proves it holds STREAMLAB_TOKEN: <c>/signin</c> (a plain page, outside the Blazor circuit, because only an
/// HTTP response can set an HttpOnly cookie) posts the token as JSON to <c>POST /api/session</c>, which answers with an
/// HttpOnly, SameSite=Strict cookie derived from the token; <c>DELETE /api/session</c> signs out.
/// </summary>
public static class SignInEndpoints
{
    public static IEndpointRouteBuilder MapSignIn(this IEndpointRouteBuilder app)
    {
        app.MapGet("/signin", (HttpContext http, AccessToken token, string? @return) =>
            Results.Content(Page(token.RequiresToken, token.Permits(http.User), LocalPath(@return)), "text/html; charset=utf-8"))
            .ExcludeFromDescription();
        var session = app.MapGroup("/api/session").WithTags("session");
        session.MapGet("/", (HttpContext http, AccessToken token) => Results.Ok(new { required = token.RequiresToken, signedIn = token.RequiresToken && token.Permits(http.User) }))
            .WithSummary("Whether changes need the access token, and whether this client has proved it.");
        session.MapPost("/", SignIn).WithMetadata(new RequestSizeLimitAttribute(4096))
            .WithSummary("Sign in: {\"token\": \"…\"} → an HttpOnly, SameSite=Strict cookie that proves the token to the dashboard and the API.");
        session.MapDelete("/", (HttpContext http) =>
        {
            http.Response.Cookies.Delete(AccessToken.CookieName, CookieOptions(http, TimeSpan.Zero));
            return Results.NoContent();
        }).WithSummary("Sign out: forget the cookie.");
        return app;
    }

    private static IResult SignIn(SignInRequest? request, HttpContext http, AccessToken token, TimeProvider time)
    {
        if (!token.RequiresToken)
        {
            return ApiProblem.BadRequest($"This StreamLab has no access token ({AccessToken.Variable} is not set): there is nothing to sign in to.");
        }
        if (request?.Token is not { Length: > 0 } given || !token.Allows(given))
        {
            return ApiProblem.Unauthorized("That is not this StreamLab's access token (STREAMLAB_TOKEN).");
        }
        http.Response.Cookies.Append(AccessToken.CookieName, token.IssueCookie(time.GetUtcNow()), CookieOptions(http, AccessToken.CookieLifetime));
        return Results.NoContent();
    }

    private static CookieOptions CookieOptions(HttpContext http, TimeSpan lifetime) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = http.Request.IsHttps,
        Path = "/",
        MaxAge = lifetime,
        IsEssential = true,
    };

    /// <summary>Only a path of this app (never <c>//host</c> or a full URL): the page goes back there after signing in.</summary>
    internal static string LocalPath(string? path) =>
        path is ['/', not '/' and not '\\', ..] or "/" ? path : "/";

    private static string Page(bool required, bool signedIn, string back)
    {
        var body = !required
            ? "<p>This StreamLab has no access token (<code>STREAMLAB_TOKEN</code> is not set): it listens on this machine only, and its own pages may change things without signing in.</p>"
            : signedIn
                ? """<p class="sl-signed-in">You are signed in: this browser may launch, cancel, import, delete and save.</p><button class="sl-btn secondary" id="signout">Sign out</button>"""
                : """
                  <p>This StreamLab reaches beyond this machine, so launching, cancelling, importing, deleting and saving need its access token
                  (<code>STREAMLAB_TOKEN</code>). Reading needs nothing.</p>
                  <form id="signin"><input type="password" id="token" class="sl-token" autocomplete="current-password" placeholder="access token" autofocus>
                  <button class="sl-btn" type="submit">Sign in</button></form><p class="sl-error" id="problem"></p>
                  """;
        return $$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8" /><title>StreamLab · Sign in</title><link rel="stylesheet" href="/css/app.css" /></head>
            <body><div class="sl-shell"><nav class="sl-nav"><span class="sl-brand">StreamLab</span> <a href="/">Campaigns</a> <a href="/reports">Reports</a></nav>
            <main class="sl-main"><h1>Sign in</h1>{{body}}<p><a href="{{WebUtility.HtmlEncode(back)}}">Back</a></p></main></div>
            <script>
            const back = {{System.Text.Json.JsonSerializer.Serialize(back)}};
            const form = document.getElementById('signin');
            if (form) form.addEventListener('submit', async e => {
              e.preventDefault();
              const r = await fetch('/api/session', { method: 'POST', headers: { 'Content-Type': 'application/json' },
                body: JSON.stringify({ token: document.getElementById('token').value }) });
              if (r.ok) { location.href = back; return; }
              document.getElementById('problem').textContent = (await r.json()).detail;
            });
            const out = document.getElementById('signout');
            if (out) out.addEventListener('click', async () => { await fetch('/api/session', { method: 'DELETE' }); location.reload(); });
            </script></body></html>
            """;
    }
}
