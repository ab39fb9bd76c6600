using Microsoft.AspNetCore.Components.Authorization;

namespace StreamLab.Web.Security;

/// <summary>A change was refused: STREAMLAB_TOKEN is set and the caller has not proved it holds it.</summary>
public sealed class ChangeDeniedException(string action)
    : Exception($"{action} needs the access token ({AccessToken.Variable}): sign in at /signin, or send it as 'Authorization: Bearer <token>'.")
{
    public string Action { get; } = action;
}

/// <summary>
/// The access rule as the services that change things ask it, for the API request or the UI circuit they serve (both give
/// their user through <see cref="AuthenticationStateProvider"/>: the circuit from its connection, a request from
/// <see cref="SecuritySetup"/>). Services call <see cref="EnsureAsync"/> before acting, so no page can forget it.
/// </summary>
public sealed class ChangeAccess(AccessToken token, AuthenticationStateProvider authentication)
{
    /// <summary>Whether changes need the token at all (STREAMLAB_TOKEN is set).</summary>
    public bool NeedsToken => token.RequiresToken;

    public async Task<bool> IsAllowedAsync() =>
        !token.RequiresToken || token.Permits((await authentication.GetAuthenticationStateAsync()).User);

    /// <exception cref="ChangeDeniedException">The token is set and the user has not proved it.</exception>
    public async Task EnsureAsync(string action)
    {
        if (!await IsAllowedAsync())
        {
            throw new ChangeDeniedException(action);
        }
    }
}
