using StreamLab.Web.Security;

namespace StreamLab.Web.Api;

/// <summary>
/// The access rule at the door of an API change (before its body is read): when STREAMLAB_TOKEN is set, the request must
/// prove it holds the token (<see cref="TokenAuthentication"/>: <c>Authorization: Bearer …</c>, <c>X-StreamLab-Token: …</c>
/// or the sign-in cookie). The services behind the routes check the same rule again (<see cref="ChangeAccess"/>).
/// </summary>
public static class ApiAccess
{
    public const string Header = TokenAuthentication.Header;

    /// <summary>Null when the request may go on, else the 401 to return.</summary>
    public static IResult? Check(HttpContext context, string action)
    {
        if (context.RequestServices.GetRequiredService<AccessToken>().Permits(context.User))
        {
            return null;
        }
        return ApiProblem.Unauthorized(TokenAuthentication.GivenToken(context.Request) is null
            ? $"{action} needs the access token (STREAMLAB_TOKEN): send 'Authorization: Bearer <token>' or '{Header}: <token>'."
            : $"{action}: the access token given does not match STREAMLAB_TOKEN.");
    }
}
