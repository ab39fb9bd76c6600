using StreamLab.Core.Storage;

namespace StreamLab.Web.Api;

/// <summary><c>/api/records?campaign=…&amp;status=succeeded,failed&amp;point=…</c> and <c>/api/records/{id}</c> (raw CSVs: <see cref="RecordCsvEndpoints"/>).</summary>
public static class RecordEndpoints
{
    public static IEndpointRouteBuilder MapRecordApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/records").WithTags("records");
        group.MapGet("/", ListAsync).WithSummary("Records, optionally of one campaign, point or status, with their summaries.");
        group.MapGet("/{id:long}", async (long id, IResultStore store, CancellationToken ct) =>
            await store.GetRecordAsync(id, ct) is { } record ? Results.Ok(record) : ApiProblem.NotFound($"There is no record {id}."))
            .WithSummary("One record with its parameters, window, host and summary.");
        return app;
    }

    private static async Task<IResult> ListAsync(string? campaign, string? status, string? point, IResultStore store, CancellationToken ct)
    {
        if (campaign is { Length: 0 })
        {
            return ApiProblem.BadRequest("campaign= is empty: give a campaign name, or leave the parameter out for every record.");
        }
        HashSet<RecordStatus>? wanted = null;
        if (status is not null)
        {
            // A comma-separated list of names (succeeded,failed): each must be a status, none a number.
            wanted = [];
            foreach (var name in status.Split(','))
            {
                if (!RecordStatusNames.TryParse(name, out var parsed))
                {
                    return ApiProblem.BadRequest($"status='{name}' is not a record status; use one or more of: {RecordStatusNames.List(Enum.GetValues<RecordStatus>())}, separated by commas.");
                }
                wanted.Add(parsed);
            }
        }
        if (campaign is not null && await store.FindCampaignAsync(campaign, ct) is null)
        {
            return ApiProblem.NotFound($"There is no campaign named '{campaign}'.");
        }
        var records = await store.ListRecordsAsync(campaign, ct);
        return Results.Ok(records.Where(r => (wanted is null || wanted.Contains(r.Status)) && (point is null || r.PointKey == point)).ToList());
    }
}
