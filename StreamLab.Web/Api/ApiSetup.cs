using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Metadata;
using StreamLab.Web.Reports;

namespace StreamLab.Web.Api;

/// <summary>The REST API under <c>/api</c>, its OpenAPI document at <c>/openapi/v1.json</c>, and the report exports.</summary>
public static class ApiSetup
{
    public static IServiceCollection AddStreamLabApi(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddOpenApi();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
            o.SerializerOptions.NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals;
        });
        services.AddSingleton<ReportHtmlExporter>();
        services.AddScoped<ReportSaver>();
        return services;
    }

    /// <summary>
    /// Under <c>/api</c> every error is a problem document: thrown exceptions become 500s, and empty 404/405/… answers
    /// (unknown routes, wrong methods) get a body. Call before the endpoints are mapped.
    /// </summary>
    public static WebApplication UseStreamLabApiErrors(this WebApplication app)
    {
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), api =>
        {
            api.UseExceptionHandler();
            api.UseStatusCodePages(async context =>
            {
                var http = context.HttpContext;
                var status = http.Response.StatusCode;
                var detail = status switch
                {
                    StatusCodes.Status404NotFound => $"No API route {http.Request.Path}; the routes are listed in /openapi/v1.json.",
                    StatusCodes.Status405MethodNotAllowed => $"{http.Request.Method} is not allowed on {http.Request.Path}" +
                        (http.Response.Headers.Allow is { Count: > 0 } allow ? $"; allowed: {allow}." : "."),
                    StatusCodes.Status413PayloadTooLarge => RequestBodyProblems.TooLarge(http),
                    StatusCodes.Status415UnsupportedMediaType => $"{http.Request.Method} {http.Request.Path} does not take Content-Type " +
                        $"'{http.Request.ContentType}'; /openapi/v1.json lists what each route takes.",
                    _ => $"HTTP {status} for {http.Request.Method} {http.Request.Path}.",
                };
                await ApiProblem.Problem(status, ReasonPhrase(status), detail).ExecuteAsync(http);
            });
        });
        return app;
    }

    public static WebApplication MapStreamLabApi(this WebApplication app)
    {
        app.MapOpenApi();
        app.MapCampaignApi();
        app.MapRecordApi();
        app.MapRecordCsv();
        // Declared here, not in ImportEndpoints, so RequestGuard's content-type rule sees what the upload takes.
        app.MapGroup("").WithMetadata(new AcceptsMetadata(["multipart/form-data", "application/zip"], typeof(IFormFileCollection))).MapImportApi();
        app.MapReportApi();
        app.MapReportExports();
        return app;
    }

    internal static string ReasonPhrase(int status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error";
}
