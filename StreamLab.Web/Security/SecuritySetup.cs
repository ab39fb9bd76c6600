using StreamLab.Web.Api;

namespace StreamLab.Web.Security;

/// <summary>Registers the access token and puts <see cref="RequestGuard"/> in front of everything.</summary>
public static class SecuritySetup
{
    public static WebApplicationBuilder AddStreamLabSecurity(this WebApplicationBuilder builder)
    {
        // From configuration: the STREAMLAB_TOKEN environment variable, or --STREAMLAB_TOKEN=… (what tests use).
        builder.Services.AddSingleton(new AccessToken(builder.Configuration[AccessToken.Variable]));
        builder.Services.AddExceptionHandler<RequestBodyProblems>();
        return builder;
    }

    /// <summary>First in the pipeline (after routing, so the guard sees which endpoint a request is for).</summary>
    public static WebApplication UseStreamLabSecurity(this WebApplication app)
    {
        app.UseMiddleware<RequestGuard>();
        return app;
    }
}
