using Microsoft.AspNetCore.Mvc;
using StreamLab.Web.Dashboard;

namespace StreamLab.Web.Api;

/// <summary>
/// <c>POST /api/import</c>: run folders as multipart files (each named by its path, <c>run1/meta.env</c>) or zips, or a
/// zip as the whole body (<c>Content-Type: application/zip</c>); optional <c>campaign</c> form field or query parameter.
/// 201 with the record ids; 422 (RFC 7807) listing file, line and reason when anything is malformed, and then nothing
/// is stored. When <c>STREAMLAB_TOKEN</c> is set, it is required as for launching (<see cref="ApiAccess"/>).
/// </summary>
public static class ImportEndpoints
{
    /// <summary>Uploads beyond this are refused (a million-frame run folder is about 40 MB).</summary>
    public const long MaxBytes = 1L << 30;

    public static IEndpointRouteBuilder MapImportApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/import", ImportAsync)
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(MaxBytes), new RequestFormLimitsAttribute { MultipartBodyLengthLimit = MaxBytes });
        return app;
    }

    private static async Task<IResult> ImportAsync(HttpRequest request, RunFolderUpload upload, CancellationToken ct)
    {
        if (ApiAccess.Check(request.HttpContext, "Importing run folders") is { } denied)
        {
            return denied;
        }
        string? campaign = request.Query["campaign"];
        var files = new List<UploadedFile>();
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            campaign ??= form["campaign"].ToString() is { Length: > 0 } c ? c : null;
            files.AddRange(form.Files.Select(f => new UploadedFile(f.FileName, f.OpenReadStream())));
        }
        else if (request.ContentType?.StartsWith("application/zip", StringComparison.OrdinalIgnoreCase) == true)
        {
            var body = new MemoryStream();
            await request.Body.CopyToAsync(body, ct);
            body.Position = 0;
            files.Add(new UploadedFile("upload.zip", body));
        }
        else
        {
            return Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "send multipart/form-data files or an application/zip body");
        }
        var result = await upload.ImportAsync(files, campaign, ct);
        if (!result.Imported)
        {
            return Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity,
                title: result.RecordIds.Count == 0 ? "the upload was rejected; nothing was stored" : "some run folders were rejected",
                detail: string.Join("\n", result.Problems.Take(20)),
                extensions: new Dictionary<string, object?>
                {
                    ["campaign"] = result.Campaign,
                    ["records"] = result.RecordIds,
                    ["problems"] = result.Problems.Select(p => new { file = p.File, line = p.Line, field = p.Field, reason = p.Reason }).ToList(),
                });
        }
        return Results.Created($"/records?campaign={Uri.EscapeDataString(result.Campaign)}", new { campaign = result.Campaign, records = result.RecordIds });
    }
}
