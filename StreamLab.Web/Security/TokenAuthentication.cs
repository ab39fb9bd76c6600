using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace StreamLab.Web.Security;

/// <summary>
/// Turns a proof of the access token into a user: <c>Authorization: Bearer …</c> or <c>X-StreamLab-Token: …</c> (API
/// clients), or the sign-in cookie (browsers). The Blazor circuit gets the user of its connection request, so pages and
/// the API see the same principal and <see cref="AccessToken.Permits"/> is the one rule. No proof is no failure: the
/// request goes on as a reader.
/// </summary>
internal sealed class TokenAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    AccessToken token, TimeProvider time) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "StreamLabToken";
    public const string Header = "X-StreamLab-Token";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!token.RequiresToken)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        var given = GivenToken(Request);
        var proven = given is not null ? token.Allows(given) : token.AcceptsCookie(Request.Cookies[AccessToken.CookieName], time.GetUtcNow());
        if (!proven)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        var identity = new ClaimsIdentity([new Claim(AccessToken.HolderClaim, "true")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    /// <summary>The token sent in a header, or null when none was.</summary>
    public static string? GivenToken(HttpRequest request)
    {
        if (request.Headers[Header].FirstOrDefault() is { } given)
        {
            return given;
        }
        var authorization = request.Headers.Authorization.FirstOrDefault();
        return authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : null;
    }
}
