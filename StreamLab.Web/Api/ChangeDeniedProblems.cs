using Microsoft.AspNetCore.Diagnostics;
using StreamLab.Web.Security;

namespace StreamLab.Web.Api;

/// <summary>A service refused a change for want of the token (<see cref="ChangeAccess"/>): the API answers 401, as its own door check does.</summary>
internal sealed class ChangeDeniedProblems : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not ChangeDeniedException denied || context.Response.HasStarted)
        {
            return false;
        }
        await ApiProblem.Unauthorized(denied.Message).ExecuteAsync(context);
        return true;
    }
}
