using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;

namespace StreamLab.Web.Api;

/// <summary>
/// A body Kestrel refused while it was read (over the size limit: 413; cut short or malformed: 400) is the client's
/// mistake, not a 500: answer its own status as a problem document that names the limit.
/// </summary>
internal sealed class RequestBodyProblems : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad || context.Response.HasStarted)
        {
            return false;
        }
        var detail = bad.StatusCode == StatusCodes.Status413PayloadTooLarge
            ? TooLarge(context)
            : $"{context.Request.Method} {context.Request.Path}: {bad.Message}";
        await ApiProblem.Problem(bad.StatusCode, ApiSetup.ReasonPhrase(bad.StatusCode), detail).ExecuteAsync(context);
        return true;
    }

    internal static string TooLarge(HttpContext context) =>
        context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize is { } limit
            ? $"The body of {context.Request.Method} {context.Request.Path} is larger than its limit of {limit:N0} bytes."
            : $"The body of {context.Request.Method} {context.Request.Path} is larger than its limit.";
}
