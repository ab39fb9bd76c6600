using Microsoft.AspNetCore.Mvc;
using StreamLab.Core.Campaigns;
using StreamLab.Core.Storage;
using StreamLab.Web.Dashboard;

namespace StreamLab.Web.Api;

/// <summary>A campaign as the API lists it: what it is, how many records, and where it stands in the launch queue.</summary>
public sealed record CampaignResource(long Id, string Name, string? Description, DateTimeOffset CreatedAt, int Records, int Succeeded,
    string? Queue, string? QueueMessage, string Url);

/// <summary>One campaign with its YAML.</summary>
public sealed record CampaignDetail(CampaignResource Campaign, string Yaml, string SourcePath);

/// <summary>What <c>POST /api/campaigns</c> answers: the campaign row and its place in the queue.</summary>
public sealed record LaunchedCampaign(long Id, string Name, int Ticket, string State, int Points, int Records, string Url);

/// <summary><c>/api/campaigns</c>: list, launch from YAML (the dashboard's queue), one, delete with its records.</summary>
public static class CampaignEndpoints
{
    /// <summary>The loader's own size limit, refused with 413 while the body is read rather than after it is held.</summary>
    public const long MaxBodyBytes = CampaignLimits.MaxBytes;

    public static IEndpointRouteBuilder MapCampaignApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/campaigns").WithTags("campaigns");
        group.MapGet("/", ListAsync).WithSummary("Every campaign with record counts and queue state.");
        group.MapGet("/{id:long}", GetAsync).WithSummary("One campaign with its YAML.");
        group.MapPost("/", LaunchAsync).WithSummary("Launch a campaign: the body is its YAML. Needs the token when one is set.")
            .Accepts<string>("application/yaml", "application/x-yaml", "application/json")
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes));
        group.MapDelete("/{id:long}", DeleteAsync).WithSummary("Delete a campaign with its records and raw data. Needs the token when one is set.");
        return app;
    }

    private static async Task<IResult> ListAsync(IResultStore store, CampaignQueue queue, CancellationToken ct)
    {
        var campaigns = await store.ListCampaignsAsync(ct);
        var records = await store.ListRecordsAsync(null, ct);
        return Results.Ok(campaigns.Select(c => Resource(c, records, queue)).ToList());
    }

    private static async Task<IResult> GetAsync(long id, IResultStore store, CampaignQueue queue, CancellationToken ct)
    {
        if (await store.GetCampaignAsync(id, ct) is not { } campaign)
        {
            return ApiProblem.NotFound($"There is no campaign {id}.");
        }
        var records = await store.ListRecordsAsync(campaign.Name, ct);
        return Results.Ok(new CampaignDetail(Resource(campaign, records, queue), campaign.Yaml, campaign.SourcePath));
    }

    /// <summary>The same path as the dashboard's Launch: validate, save under data/campaigns, enqueue.</summary>
    private static async Task<IResult> LaunchAsync(HttpContext http, IResultStore store, CampaignQueue queue, CampaignLibrary library, bool? fresh, CancellationToken ct)
    {
        if (ApiAccess.Check(http, "Launching a campaign") is { } denied)
        {
            return denied;
        }
        using var reader = new StreamReader(http.Request.Body);
        var yaml = await reader.ReadToEndAsync(ct);
        if (string.IsNullOrWhiteSpace(yaml))
        {
            return ApiProblem.BadRequest("The body is empty: send the campaign's YAML (Content-Type: application/yaml).");
        }
        var loaded = library.Prepare(yaml, exampleFileName: null);
        if (!loaded.IsValid)
        {
            return YamlProblem(loaded.Errors);
        }
        var campaign = loaded.Campaign!;
        if (queue.Entries.Any(e => e.Name == campaign.Name && e.IsActive))
        {
            return ApiProblem.Conflict($"Campaign '{campaign.Name}' is already queued or running; cancel it or wait for it to finish.");
        }
        // Counted before anything is stored: a campaign that cannot be planned never reaches the database.
        var preview = CampaignPreview.Of(campaign);
        var id = await store.UpsertCampaignAsync(campaign, ct);
        var entry = queue.Enqueue(campaign, fresh ?? false);
        return Results.Accepted($"/api/campaigns/{id}",
            new LaunchedCampaign(id, campaign.Name, entry.Ticket, entry.State.ToString().ToLowerInvariant(), preview.PointCount, preview.Records, $"/api/campaigns/{id}"));
    }

    private static async Task<IResult> DeleteAsync(long id, HttpContext http, IResultStore store, CampaignQueue queue, CancellationToken ct)
    {
        if (ApiAccess.Check(http, "Deleting a campaign") is { } denied)
        {
            return denied;
        }
        if (await store.GetCampaignAsync(id, ct) is not { } campaign)
        {
            return ApiProblem.NotFound($"There is no campaign {id}.");
        }
        if (queue.Entries.Any(e => e.Name == campaign.Name && e.IsActive))
        {
            return ApiProblem.Conflict($"Campaign '{campaign.Name}' is queued or running; cancel it before deleting it.");
        }
        return await store.DeleteCampaignAsync(id, ct) ? Results.NoContent() : ApiProblem.NotFound($"There is no campaign {id}.");
    }

    /// <summary>400 listing every YAML error with its line and column, as the editor shows them.</summary>
    internal static IResult YamlProblem(IReadOnlyList<CampaignError> errors) =>
        ApiProblem.BadRequest(
            $"The campaign YAML is invalid ({errors.Count} error{(errors.Count == 1 ? "" : "s")}): " + string.Join("; ", errors.Take(5).Select(e => $"line {e.Line}, column {e.Column}: {e.Path}: {e.Message}")),
            new Dictionary<string, object?>
            {
                ["errors"] = errors.Select(e => new { line = e.Line, column = e.Column, path = e.Path, message = e.Message }).ToList(),
            });

    private static CampaignResource Resource(CampaignView c, IReadOnlyList<RecordView> records, CampaignQueue queue)
    {
        var mine = records.Where(r => r.CampaignId == c.Id).ToList();
        var entry = queue.Entries.LastOrDefault(e => e.Name == c.Name);
        return new CampaignResource(c.Id, c.Name, c.Description, c.CreatedAt, mine.Count, mine.Count(r => r.Status == RecordStatus.Succeeded),
            entry?.State.ToString().ToLowerInvariant(), entry?.Message, $"/api/campaigns/{c.Id}");
    }
}
