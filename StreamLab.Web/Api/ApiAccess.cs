using StreamLab.Web.Security;

namespace StreamLab.Web.Api;

/// <summary>
/// The dashboard's token rule for the API: launching and deleting need STREAMLAB_TOKEN when it is set (it must be to
/// listen beyond loopback), given as <c>Authorization: Bearer …</c> or <c>X-StreamLab-Token: …</c>.
/// </summary>
public static class ApiAccess
{
    public const string Header = "X-StreamLab-Token";

    /// <summary>Null when the request may go on, else the 401 to return.</summary>
    public static IResult? Check(HttpContext context, string action)
    {
        var access = context.RequestServices.GetRequiredService<AccessToken>();
        if (!access.RequiresToken)
        {
            return null;
        }
        var given = context.Request.Headers[Header].FirstOrDefault();
        var authorization = context.Request.Headers.Authorization.FirstOrDefault();
        if (given is null && authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            given = authorization["Bearer ".Length..].Trim();
        }
        return access.Allows(given)
            ? null
            : ApiProblem.Unauthorized(given is null
                ? $"{action} needs the access token (STREAMLAB_TOKEN): send 'Authorization: Bearer <token>' or '{Header}: <token>'."
                : $"{action}: the access token given does not match STREAMLAB_TOKEN.");
    }
}
