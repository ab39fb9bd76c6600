using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Components.Authorization;
using StreamLab.Web.Api;

namespace StreamLab.Web.Security;

/// <summary>Registers the access token, its proof (header or sign-in cookie) and the access rule, and puts <see cref="RequestGuard"/> in front of everything.</summary>
public static class SecuritySetup
{
    public static WebApplicationBuilder AddStreamLabSecurity(this WebApplicationBuilder builder)
    {
        // From configuration: the STREAMLAB_TOKEN environment variable, or --STREAMLAB_TOKEN=… (what tests use).
        builder.Services.AddSingleton(new AccessToken(builder.Configuration[AccessToken.Variable]));
        builder.Services.AddAuthentication(TokenAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, TokenAuthentication>(TokenAuthentication.SchemeName, null);
        builder.Services.AddScoped<ChangeAccess>();
        builder.Services.AddExceptionHandler<RequestBodyProblems>();
        builder.Services.AddExceptionHandler<ChangeDeniedProblems>();
        return builder;
    }

    /// <summary>First in the pipeline (after routing, so the guard sees which endpoint a request is for).</summary>
    public static WebApplication UseStreamLabSecurity(this WebApplication app)
    {
        app.UseMiddleware<RequestGuard>();
        app.UseAuthentication();
        // Services ask ChangeAccess, which reads the user from AuthenticationStateProvider: a circuit gets it from its
        // connection; an API request gets it here, so the same services serve both with the same rule.
        app.Use((context, next) =>
        {
            if (context.RequestServices.GetService<AuthenticationStateProvider>() is IHostEnvironmentAuthenticationStateProvider host)
            {
                host.SetAuthenticationState(Task.FromResult(new AuthenticationState(context.User)));
            }
            return next(context);
        });
        app.MapSignIn();
        return app;
    }
}
