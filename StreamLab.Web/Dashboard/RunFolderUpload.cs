using System.Globalization;
using System.IO.Compression;
using System.Text.RegularExpressions;
using StreamLab.Collectors.Import;
using StreamLab.Core;
using StreamLab.Core.Import;

namespace StreamLab.Web.Dashboard;

/// <summary>One uploaded file: its path inside the upload (<c>run1/meta.env</c>, or a <c>.zip</c> of folders) and its bytes.</summary>
public sealed record UploadedFile(string Path, Stream Content);

/// <summary>A reason an upload was rejected: the file inside the upload, the line (0: the file or folder as a whole), the reason.</summary>
public sealed record UploadProblem(string File, long Line, string? Field, string Reason)
{
    public override string ToString() => Field is null ? $"{File}:{Line}: {Reason}" : $"{File}:{Line}: {Field}: {Reason}";
}

/// <summary>The records an upload became, or every problem that rejected it (then nothing was stored).</summary>
public sealed record UploadResult(string Campaign, IReadOnlyList<long> RecordIds, IReadOnlyList<UploadProblem> Problems)
{
    public bool Imported => Problems.Count == 0;
}

/// <summary>
/// Run folders uploaded from the Campaigns page or <c>POST /api/import</c>, imported through the same
/// <see cref="RunFolderImporter"/> as <c>streamlab import</c>. Files are staged under <c>data/uploads/</c> (kept: they are
/// the imported records' folders); every folder is read first, and one bad line anywhere rejects the whole upload, so
/// an upload is stored entirely or not at all (each record is also its own transaction, as in the CLI).
/// </summary>
public sealed partial class RunFolderUpload(RunFolderImporter importer, StreamLabPaths paths, TimeProvider time)
{
    public string UploadsDirectory => Path.Combine(paths.DataDirectory, "uploads");

    public async Task<UploadResult> ImportAsync(IReadOnlyList<UploadedFile> files, string? campaign, CancellationToken ct = default)
    {
        if (campaign is { Length: > 0 } && !CampaignName().IsMatch(campaign))
        {
            return Rejected(campaign, new UploadProblem("campaign", 0, null, $"'{campaign}' may use only letters, digits, '.', '_' and '-'"));
        }
        var staging = Path.Combine(UploadsDirectory, time.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(staging);
        var stored = false;
        try
        {
            var problems = new List<UploadProblem>();
            foreach (var file in files)
            {
                await StageAsync(file, staging, problems, ct);
            }
            var folders = problems.Count > 0 ? [] : Directory.EnumerateFiles(staging, RunFolderLayout.Meta, SearchOption.AllDirectories)
                .Select(Path.GetDirectoryName).OfType<string>().Order(StringComparer.Ordinal).ToList();
            if (problems.Count == 0 && folders.Count == 0)
            {
                problems.Add(new UploadProblem("(upload)", 0, null, $"no {RunFolderLayout.Meta}: a run folder needs meta.env and frames.csv, prom.tsv or events.csv"));
            }
            foreach (var folder in folders)
            {
                var read = RunFolderReader.Read(folder);
                problems.AddRange(read.Problems.Select(p => new UploadProblem(Relative(staging, p.File), p.Line, p.Field, p.Message)));
            }
            var name = campaign is { Length: > 0 } ? campaign : DefaultName(staging, folders);
            if (problems.Count > 0)
            {
                return Rejected(name, [.. problems]);
            }
            var report = await importer.ImportAsync(folders, new ImportOptions(name), ct);
            var failed = report.Folders.Where(f => !f.Imported).SelectMany(f => f.Problems)
                .Select(p => new UploadProblem(Relative(staging, p.File), p.Line, p.Field, p.Message)).ToList();
            stored = report.Folders.Any(f => f.Imported);
            return new UploadResult(report.Campaign, report.Folders.Where(f => f.Imported).Select(f => f.RecordId!.Value).ToList(), failed);
        }
        finally
        {
            if (!stored)
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    /// <summary>Writes a file under the staging folder, or unpacks a zip there; a path leaving the folder is a problem.</summary>
    private static async Task StageAsync(UploadedFile file, string staging, List<UploadProblem> problems, CancellationToken ct)
    {
        if (file.Path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                await using var zip = new ZipArchive(file.Content, ZipArchiveMode.Read);
                foreach (var entry in zip.Entries.Where(e => e.Name.Length > 0))
                {
                    if (Inside(staging, entry.FullName) is not { } target)
                    {
                        problems.Add(new UploadProblem($"{file.Path}!{entry.FullName}", 0, null, "path leaves the upload folder"));
                        continue;
                    }
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    await using var from = entry.Open();
                    await using var to = File.Create(target);
                    await from.CopyToAsync(to, ct);
                }
            }
            catch (InvalidDataException e)
            {
                problems.Add(new UploadProblem(file.Path, 0, null, "not a readable zip: " + e.Message));
            }
            return;
        }
        if (Inside(staging, file.Path) is not { } path)
        {
            problems.Add(new UploadProblem(file.Path, 0, null, "path leaves the upload folder"));
            return;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using var output = File.Create(path);
        await file.Content.CopyToAsync(output, ct);
    }

    private static string? Inside(string root, string relative)
    {
        var clean = relative.Replace('\\', '/').TrimStart('/');
        var full = Path.GetFullPath(Path.Combine(root, clean));
        return clean.Length > 0 && full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? full : null;
    }

    private static string Relative(string staging, string path) =>
        path.StartsWith(staging, StringComparison.Ordinal) ? path[staging.Length..].TrimStart(Path.DirectorySeparatorChar) is { Length: > 0 } r ? r : "(upload)" : path;

    /// <summary>The folders' common parent inside the upload (a zip's top folder), else <c>uploaded</c>.</summary>
    private static string DefaultName(string staging, IReadOnlyList<string> folders)
    {
        var name = folders.Count == 0 ? "" : RunFolderImporter.DefaultCampaignName(folders);
        // Folders straight in the upload have the staging folder (or data/uploads) as parent: not a name anyone chose.
        return name.Length == 0 || name == Path.GetFileName(staging) || name == "uploads" ? "uploaded" : name;
    }

    private static UploadResult Rejected(string campaign, params UploadProblem[] problems) => new(campaign, [], problems);

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex CampaignName();
}
