using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Primitives;
using StreamLab.Collectors.Import;
using StreamLab.Core.Import;
using StreamLab.Web.Dashboard;

namespace StreamLab.Web.Api;

/// <summary>
/// <c>POST /api/import</c>: run folders as multipart files (each named by its path, <c>run1/meta.env</c>) or zips, or a
/// zip as the whole body (<c>Content-Type: application/zip</c>). The options of <c>streamlab import</c> as form fields or
/// query parameters: <c>campaign</c>, <c>lenient</c> (<c>true</c>/<c>1</c>/<c>on</c>), <c>counter</c> (repeatable).
/// 201 with the record ids (and notes: cut lines, skipped lines); 422 (RFC 7807) listing file, line and reason when
/// anything is malformed or over a limit (<see cref="ImportLimits"/>), and then nothing is stored. When
/// <c>STREAMLAB_TOKEN</c> is set, it is required as for launching (<see cref="ApiAccess"/>).
/// </summary>
public static class ImportEndpoints
{
    /// <summary>Uploads beyond this are refused (a million-frame run folder is about 40 MB).</summary>
    public const long MaxBytes = ImportLimits.MaxUploadBytes;

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
        var files = new List<UploadedFile>();
        IFormCollection? form = null;
        try
        {
            if (request.HasFormContentType)
            {
                form = await request.ReadFormAsync(ct);
                files.AddRange(form.Files.Select(f => new UploadedFile(f.FileName, f.OpenReadStream())));
            }
            else if (request.ContentType?.StartsWith("application/zip", StringComparison.OrdinalIgnoreCase) == true)
            {
                try
                {
                    files.Add(new UploadedFile("upload.zip", await upload.BufferAsync(request.Body, ct)));
                }
                catch (InvalidDataException e)
                {
                    return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: e.Message);
                }
            }
            else
            {
                return Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "send multipart/form-data files or an application/zip body");
            }
            StringValues Option(string name) => request.Query[name].Count > 0 ? request.Query[name] : form?[name] ?? StringValues.Empty;
            var options = new ImportOptions(
                Option("campaign").FirstOrDefault(v => v is { Length: > 0 }),
                Option("lenient").FirstOrDefault() is { } lenient && lenient.ToLowerInvariant() is "true" or "1" or "on" or "yes",
                Option("counter").Where(v => v is { Length: > 0 }).Select(v => v!).ToArray());
            var result = await upload.ImportAsync(files, options, ct);
            if (!result.Imported)
            {
                return Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity,
                    title: "the upload was rejected; nothing was stored",
                    detail: string.Join("\n", result.Problems.Take(20)),
                    extensions: new Dictionary<string, object?>
                    {
                        ["campaign"] = result.Campaign,
                        ["records"] = result.RecordIds,
                        ["problem_count"] = result.ProblemCount,
                        ["problems"] = result.Problems.Select(p => new { file = p.File, line = p.Line, field = p.Field, reason = p.Reason }).ToList(),
                        ["notes"] = result.Notes,
                    });
            }
            return Results.Created($"/records?campaign={Uri.EscapeDataString(result.Campaign)}",
                new { campaign = result.Campaign, records = result.RecordIds, notes = result.Notes });
        }
        finally
        {
            foreach (var file in files)
            {
                await file.Content.DisposeAsync();
            }
        }
    }
}
