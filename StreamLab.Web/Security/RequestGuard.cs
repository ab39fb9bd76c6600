using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace StreamLab.Web.Security;

/// <summary>
/// The one gate every request passes before anything else: StreamLab runs commands, so no other origin's page may reach
/// a route that changes state. In order:
/// <list type="number">
/// <item><c>Host</c> must name an address the app listens on (421 otherwise: DNS rebinding).</item>
/// <item>A non-loopback listener without STREAMLAB_TOKEN serves nothing (503) until start-up stops the app.</item>
/// <item>Unsafe methods (POST, PUT, PATCH, DELETE) and the Blazor circuit (<c>/_blazor</c>, WebSockets included, which
/// CORS does not cover) must come from this origin: a foreign <c>Origin</c>, or <c>Sec-Fetch-Site</c> cross-site or
/// same-site, is 403. Clients that send neither (curl, scripts) are not browsers and cannot be tricked by a page.</item>
/// <item>An unsafe request's body must have a content type its endpoint declares (<see cref="IAcceptsMetadata"/>), and
/// never one a plain HTML form can send without a CORS preflight except multipart where declared: 415.</item>
/// </list>
/// </summary>
public sealed class RequestGuard(RequestDelegate next, IServer server, AccessToken token, IConfiguration configuration)
{
    public const string AllowedHostsKey = "StreamLab:AllowedHosts";

    /// <summary>What a form or a no-cors fetch sends without a preflight; refused even where an endpoint declares it.</summary>
    private static readonly string[] FormTypes = ["text/plain", "application/x-www-form-urlencoded"];

    private ListenAddresses? _listening;

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var listening = _listening ??= Listening();
        if (!listening.Allows(request.Host, request.IsHttps))
        {
            return Refuse(context, StatusCodes.Status421MisdirectedRequest, "Misdirected request",
                $"Host '{request.Host}' is not an address this StreamLab listens on; open it by the address it was started with.");
        }
        if (listening.Exposed.Count > 0 && !token.RequiresToken)
        {
            return Refuse(context, StatusCodes.Status503ServiceUnavailable, "Refusing to serve",
                $"Listening on {listening.Exposed[0]} without {AccessToken.Variable}: set it, or listen on 127.0.0.1.");
        }
        var unsafeMethod = !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method));
        var circuit = request.Path.StartsWithSegments("/_blazor");
        if ((unsafeMethod || circuit) && ForeignOrigin(request) is { } foreign)
        {
            return Refuse(context, StatusCodes.Status403Forbidden, "Cross-origin request refused",
                $"{request.Method} {request.Path} came from another origin ({foreign}); StreamLab only takes changes from its own pages.");
        }
        if (unsafeMethod && !circuit && WrongContentType(context) is { } wrong)
        {
            return Refuse(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", wrong);
        }
        return next(context);
    }

    private ListenAddresses Listening()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var extra = (configuration[AllowedHostsKey] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return ListenAddresses.From(addresses, extra);
    }

    /// <summary>Why the request is from another origin, or null when it is from this one (or from no browser at all).</summary>
    internal static string? ForeignOrigin(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0)
        {
            return SameOrigin(origin, request.Host) ? null : $"Origin: {origin}";
        }
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        return site is "cross-site" or "same-site" ? $"Sec-Fetch-Site: {site}" : null;
    }

    /// <summary>
    /// The origin's host and port against the Host header, each port as the browser wrote it (a default port is left out of
    /// both), so a TLS proxy in front still matches. "null" (sandboxed frames, file: pages) never matches.
    /// </summary>
    private static bool SameOrigin(string origin, HostString host)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || !host.HasValue)
        {
            return false;
        }
        int? originPort = uri.IsDefaultPort ? null : uri.Port;
        int? hostPort = host.Port == (uri.Scheme == "https" ? 443 : 80) ? null : host.Port;
        return string.Equals(uri.Host.Trim('[', ']'), host.Host.Trim('[', ']'), StringComparison.OrdinalIgnoreCase) && originPort == hostPort;
    }

    /// <summary>Null when the body's type is one the endpoint declares; else what to send instead.</summary>
    private static string? WrongContentType(HttpContext context)
    {
        var request = context.Request;
        var type = request.ContentType is { Length: > 0 } header ? header.Split(';')[0].Trim().ToLowerInvariant() : null;
        var endpoint = context.GetEndpoint();
        // Routing's own answer for a wrong method ("405 HTTP Method Not Supported") says more than a 415 would.
        if (endpoint is null || endpoint.DisplayName?.StartsWith("405 ", StringComparison.Ordinal) == true)
        {
            return null;
        }
        if (type is not null && FormTypes.Contains(type))
        {
            // Routing would pick its own bare 415 here (no endpoint declares these); say what each change takes instead.
            return $"{request.Method} {request.Path}: got {type}, which StreamLab never takes for a change (any web page can send it). " +
                "Send application/yaml (a campaign), application/json (a report) or multipart/form-data / application/zip (an import).";
        }
        // Types no endpoint declares fall through to routing's 415.
        if (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>() is not { } methods || !methods.HttpMethods.Contains(request.Method, StringComparer.OrdinalIgnoreCase))
        {
            return null;
        }
        var accepts = endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes ?? [];
        if (accepts.Count == 0)
        {
            var hasBody = request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0 || type is not null;
            return hasBody ? $"{request.Method} {request.Path} takes no body (got Content-Type: {type ?? "none"})." : null;
        }
        return type is not null && accepts.Contains(type, StringComparer.OrdinalIgnoreCase)
            ? null
            : $"{request.Method} {request.Path} takes Content-Type {string.Join(", ", accepts)}; got {type ?? "none"}.";
    }

    private static Task Refuse(HttpContext context, int status, string title, string detail) =>
        Results.Problem(detail: detail, statusCode: status, title: title).ExecuteAsync(context);
}
