using StreamLab.Web.Dashboard;
using StreamLab.Web.Dashboard.Compare;
using StreamLab.Web.Dashboard.Targets;

namespace StreamLab.Web.Api;

/// <summary>
/// <c>GET /api/compare</c> and <c>GET /api/targets</c>: the same views the pages render, as JSON. Bad input is an
/// RFC 7807 problem: 404 for an unknown campaign, 400 for an unknown axis, value or target version.
/// </summary>
public static class CompareTargetsEndpoints
{
    public static IServiceCollection AddCompareAndTargets(this IServiceCollection services) =>
        services.AddSingleton<CompareService>().AddScoped<TargetsService>();

    public static IEndpointRouteBuilder MapCompareTargetsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/compare", async (string? campaign, string? axis, string? baseline, string? candidate, string? metric, string? pair,
            bool? series, CompareService service, CancellationToken ct) =>
        {
            try
            {
                return Results.Ok(await service.BuildAsync(new CompareQuery(campaign, axis, baseline, candidate, metric, pair), series ?? true, ct));
            }
            catch (ViewProblem problem)
            {
                return Results.Problem(problem.Message, statusCode: problem.Status, title: problem.Title);
            }
        });
        app.MapGet("/api/targets", async (string? campaign, string? version, TargetsService service, CancellationToken ct) =>
        {
            try
            {
                return Results.Ok(await service.BuildAsync(campaign, version, ct));
            }
            catch (ViewProblem problem)
            {
                return Results.Problem(problem.Message, statusCode: problem.Status, title: problem.Title);
            }
        });
        return app;
    }
}
