using System.Globalization;
using StreamLab.Collectors.Import;
using StreamLab.Core;
using StreamLab.Core.Import;
using StreamLab.Core.Running;
using StreamLab.Web.Security;

namespace StreamLab.Web.Dashboard;

/// <summary>One uploaded file: its path inside the upload (<c>run1/meta.env</c>, or a <c>.zip</c> of folders) and its bytes.</summary>
public sealed record UploadedFile(string Path, Stream Content);

/// <summary>A reason an upload was rejected: the file inside the upload, the line (0: the file or folder as a whole), the reason.</summary>
public sealed record UploadProblem(string File, long Line, string? Field, string Reason)
{
    public override string ToString() => Field is null ? $"{File}:{Line}: {Reason}" : $"{File}:{Line}: {Field}: {Reason}";
}

/// <summary>
/// The records an upload became, or the problems that rejected it (then nothing was stored): the first
/// <see cref="ImportLimits.MaxProblemsListed"/> of <see cref="ProblemCount"/>. Notes are worth knowing but rejected
/// nothing (a last line cut short, ignored columns).
/// </summary>
public sealed record UploadResult(string Campaign, IReadOnlyList<long> RecordIds, IReadOnlyList<UploadProblem> Problems, long ProblemCount,
    IReadOnlyList<string> Notes)
{
    public bool Imported => ProblemCount == 0;
}

/// <summary>
/// Run folders uploaded from the Campaigns page or <c>POST /api/import</c>, imported through the same
/// <see cref="RunFolderImporter"/> and options as <c>streamlab import</c>. Files are staged under <c>data/uploads/</c>
/// within <see cref="ImportLimits"/> (kept: they are the imported records' folders, deleted with their campaign);
/// every folder is scanned first, and one bad line anywhere (with <c>lenient</c>: one broken folder) rejects the
/// whole upload; the records are then stored in one transaction, so an upload is stored entirely or not at all.
/// </summary>
public sealed class RunFolderUpload(RunFolderImporter importer, StreamLabPaths paths, TimeProvider time, ChangeAccess access)
{
    public string UploadsDirectory => Path.Combine(paths.DataDirectory, "uploads");

    /// <exception cref="ChangeDeniedException">STREAMLAB_TOKEN is set and the caller has not proved it.</exception>
    public async Task<UploadResult> ImportAsync(IReadOnlyList<UploadedFile> files, ImportOptions options, CancellationToken ct = default)
    {
        await access.EnsureAsync("Importing run folders");
        if (options.Problems() is { Count: > 0 } optionProblems)
        {
            return Rejected(options.Campaign ?? "", optionProblems.Select(p => new UploadProblem("(options)", 0, null, p)).ToList());
        }
        var staging = Path.Combine(UploadsDirectory, time.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(staging);
        var stored = false;
        try
        {
            var staged = new UploadStaging(staging);
            foreach (var file in files)
            {
                await using var seekable = file.Content.CanSeek ? null : await BufferAsync(file.Content, ct);
                await staged.AddAsync(seekable is null ? file : file with { Content = seekable }, ct);
            }
            if (staged.Problems.Count > 0)
            {
                return Rejected(options.Campaign ?? "uploaded", staged.Problems);
            }
            var folders = Directory.EnumerateFiles(staging, RunFolderLayout.Meta, SearchOption.AllDirectories)
                .Select(Path.GetDirectoryName).OfType<string>().Order(StringComparer.Ordinal)
                .Select(f => RunFolderReader.Scan(f, ct)).ToList();
            var name = options.Campaign ?? DefaultName(staging, folders);
            if (folders.Count == 0)
            {
                return Rejected(name, [new UploadProblem("(upload)", 0, null, $"no {RunFolderLayout.Meta}: a run folder needs meta.env and frames.csv, prom.tsv or events.csv")]);
            }
            var report = await importer.ImportAsync(folders, options with { Campaign = name, AllOrNothing = true }, ct);
            stored = report.AllImported;
            var notes = Notes(staging, report);
            if (!stored)
            {
                var problems = report.Folders.Where(f => f.ProblemCount > 0).SelectMany(f => f.Problems).Select(p => Problem(staging, p));
                return Rejected(name, problems.Take(ImportLimits.MaxProblemsListed).ToList(), report.Folders.Sum(f => f.ProblemCount), notes);
            }
            return new UploadResult(report.Campaign, report.Folders.Select(f => f.RecordId!.Value).ToList(), [], 0, notes);
        }
        finally
        {
            if (!stored)
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    /// <summary>
    /// Copies a stream that cannot seek (a request body, a browser's file) to a file in <c>data/uploads</c> that is
    /// deleted when closed, at most <see cref="ImportLimits.MaxUploadBytes"/>: zips are read from their end.
    /// </summary>
    public async Task<Stream> BufferAsync(Stream source, CancellationToken ct)
    {
        Directory.CreateDirectory(UploadsDirectory);
        var path = Path.Combine(UploadsDirectory, $".incoming-{Guid.NewGuid():N}");
        var buffer = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81_920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            var chunk = new byte[81_920];
            int read;
            while ((read = await source.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > ImportLimits.MaxUploadBytes)
                {
                    throw new InvalidDataException($"the upload is larger than the limit of {ImportLimits.MaxUploadBytes:N0} bytes");
                }
                await buffer.WriteAsync(chunk.AsMemory(0, read), ct);
            }
            buffer.Position = 0;
            return buffer;
        }
        catch
        {
            await buffer.DisposeAsync();
            throw;
        }
    }

    /// <summary>What the folders' notes say (cut lines, ignored columns) and, when lenient, which bad lines were skipped.</summary>
    private static List<string> Notes(string staging, ImportReport report)
    {
        var skipped = report.Folders.Where(f => f.Imported && f.ProblemCount > 0)
            .Select(f => $"{Relative(staging, f.Directory)}: {f.ProblemCount} bad line(s) skipped (lenient), first: {Problem(staging, f.Problems[0])}");
        return report.Folders.SelectMany(f => f.Notes).Select(n => n.Replace(staging + Path.DirectorySeparatorChar, "", StringComparison.Ordinal))
            .Concat(skipped).Take(ImportLimits.MaxProblemsListed).ToList();
    }

    private static UploadProblem Problem(string staging, InputProblem p) => new(Relative(staging, p.File), p.Line, p.Field, p.Message);

    private static string Relative(string staging, string path) =>
        path.StartsWith(staging, StringComparison.Ordinal) ? path[staging.Length..].TrimStart(Path.DirectorySeparatorChar) is { Length: > 0 } r ? r : "(upload)" : path;

    /// <summary>The folders' common parent inside the upload (a zip's top folder), else <c>uploaded</c>.</summary>
    private static string DefaultName(string staging, IReadOnlyList<RunFolder> folders)
    {
        var name = folders.Count == 0 ? "" : RunFolderImporter.DefaultCampaignName(folders.Select(f => f.Directory).ToArray());
        // Folders straight in the upload have the staging folder (or data/uploads) as parent: not a name anyone chose.
        return name.Length == 0 || name == Path.GetFileName(staging) || name == "uploads" ? "uploaded" : name;
    }

    private static UploadResult Rejected(string campaign, IReadOnlyList<UploadProblem> problems, long? count = null, IReadOnlyList<string>? notes = null) =>
        new(campaign, [], problems.Take(ImportLimits.MaxProblemsListed).ToList(), count ?? problems.Count, notes ?? []);
}
