using Microsoft.AspNetCore.Mvc;
using StreamLab.Core.Storage;
using StreamLab.Web.Reports;

namespace StreamLab.Web.Api;

/// <summary>What <c>POST /api/reports</c> takes: the live page to freeze, e.g. <c>/matrix?campaign=x&amp;stat=fps_mean</c> or <c>/records/12</c>.</summary>
public sealed record CreateReportRequest(string? Kind, string? Source);

/// <summary>A report as the API shows it, with the links to its page and exports.</summary>
public sealed record ReportResource(string Slug, string Kind, string Title, string Campaign, DateTimeOffset CreatedAt, string DataSha256,
    string Url, string Html, string Json, string Csv)
{
    public static ReportResource Of(ReportSummary r) => new(r.Slug, r.Kind, r.Title, r.Campaign, r.CreatedAt, r.DataHash,
        $"/reports/{r.Slug}", $"/reports/{r.Slug}/export.html", $"/reports/{r.Slug}/data.json", $"/reports/{r.Slug}/data.csv");
}

/// <summary><c>/api/reports</c>: list, freeze a live view, one, delete.</summary>
public static class ReportApiEndpoints
{
    /// <summary>The request is a kind and a URL: 64 kB is generous.</summary>
    public const long MaxBodyBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapReportApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/reports").WithTags("reports");
        group.MapGet("/", async (IReportStore store, CancellationToken ct) =>
            Results.Ok((await store.ListAsync(ct)).Select(ReportResource.Of).ToList())).WithSummary("Every report, newest first.");
        group.MapGet("/{slug}", async (string slug, IReportStore store, CancellationToken ct) =>
            await store.GetAsync(slug, ct) is { } report ? Results.Ok(ReportResource.Of(report.Summary)) : ApiProblem.NotFound($"There is no report '{slug}'."))
            .WithSummary("One report's facts and links (its data: /reports/{slug}/data.json).");
        group.MapPost("/", CreateAsync).WithSummary("Needs the token when one is set. Freeze a live view as a report: {\"kind\": \"matrix\", \"source\": \"/matrix?campaign=…\"}.")
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes));
        group.MapDelete("/{slug}", async (string slug, HttpContext http, ReportSaver saver, CancellationToken ct) =>
            ApiAccess.Check(http, "Deleting a report") ?? (await saver.DeleteAsync(slug, ct) ? Results.NoContent() : ApiProblem.NotFound($"There is no report '{slug}'.")))
            .WithSummary("Delete a report. Needs the token when one is set.");
        return app;
    }

    private static async Task<IResult> CreateAsync(CreateReportRequest? request, HttpContext http, ReportSaver saver, IServiceProvider services, CancellationToken ct)
    {
        if (ApiAccess.Check(http, "Saving a report") is { } denied)
        {
            return denied;
        }
        var known = string.Join(", ", ReportKinds.All.Where(k => k.Source is not null).Select(k => k.Name));
        if (request?.Kind is not { Length: > 0 } kindName || request.Source is not { Length: > 0 } source)
        {
            return ApiProblem.BadRequest($"Send JSON {{\"kind\": …, \"source\": …}}: kind is one of {known}; source is the live page's URL, e.g. /matrix?campaign=NAME or /records/ID.");
        }
        if (ReportKinds.Find(kindName) is not { Source: { } build })
        {
            return ApiProblem.BadRequest($"kind='{kindName}' cannot be made through the API; use one of: {known}.");
        }
        if (!Uri.TryCreate(new Uri("http://streamlab.local"), source, out var url))
        {
            return ApiProblem.BadRequest($"source='{source}' is not a URL of this app.");
        }
        IReportView view;
        try
        {
            view = await build(services, url, ct);
        }
        catch (ReportSourceException e)
        {
            return ApiProblem.BadRequest($"source='{source}': {e.Message}.");
        }
        var report = await saver.SaveAsync(view, ct);
        return Results.Created($"/api/reports/{report.Slug}", ReportResource.Of(report.Summary));
    }
}
