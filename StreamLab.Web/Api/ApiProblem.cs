namespace StreamLab.Web.Api;

/// <summary>
/// RFC 7807 problem details with one shape for every endpoint: a title per status, a sentence in <c>detail</c>
/// that names the bad value, and optional extensions (e.g. <c>errors</c> with line numbers).
/// </summary>
public static class ApiProblem
{
    public static IResult BadRequest(string detail, IDictionary<string, object?>? extensions = null) =>
        Problem(StatusCodes.Status400BadRequest, "Bad request", detail, extensions);

    public static IResult NotFound(string detail) => Problem(StatusCodes.Status404NotFound, "Not found", detail);

    public static IResult Conflict(string detail) => Problem(StatusCodes.Status409Conflict, "Conflict", detail);

    /// <summary>401 with <c>WWW-Authenticate: Bearer</c>: the action needs STREAMLAB_TOKEN.</summary>
    public static IResult Unauthorized(string detail) => new WithBearerChallenge(Problem(StatusCodes.Status401Unauthorized, "Unauthorized", detail));

    public static IResult Problem(int status, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        Results.Problem(detail: detail, statusCode: status, title: title, extensions: extensions);

    private sealed class WithBearerChallenge(IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return inner.ExecuteAsync(httpContext);
        }
    }
}
