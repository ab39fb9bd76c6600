using System.IO.Compression;
using StreamLab.Core.Import;

namespace StreamLab.Web.Dashboard;

/// <summary>
/// Writes an upload's files, and the entries of its zips, under its staging folder within <see cref="ImportLimits"/>:
/// every path is checked (<see cref="UploadPaths"/>) before anything is written; at most
/// <see cref="ImportLimits.MaxUploadFiles"/> files, each unpacking to at most <see cref="ImportLimits.MaxFileBytes"/>
/// and <see cref="ImportLimits.MaxZipRatio"/> times its compressed size, all together to at most
/// <see cref="ImportLimits.MaxUploadBytes"/>. Counting happens while bytes are written, so a zip bomb stops at the limit.
/// After the first problem nothing more is written (the names are still all checked, to report them all).
/// </summary>
internal sealed class UploadStaging(string root)
{
    private const int CopyBuffer = 81_920;

    private readonly UploadPaths _paths = new();
    private readonly List<UploadProblem> _problems = [];
    private long _bytes;
    private int _files;

    public IReadOnlyList<UploadProblem> Problems => _problems;

    public async Task AddAsync(UploadedFile file, CancellationToken ct)
    {
        if (file.Path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
        {
            await UnpackAsync(file, ct);
        }
        else if (Claim(file.Path, file.Path) is { } target && _problems.Count == 0)
        {
            await CopyAsync(file.Content, target, file.Path, compressedBytes: null, ct);
        }
    }

    private async Task UnpackAsync(UploadedFile file, CancellationToken ct)
    {
        try
        {
            switch (ZipDirectory.CountEntries(file.Content, ImportLimits.MaxUploadFiles))
            {
                case null:
                    Problem(file.Path, "not a readable zip: it has no end of central directory record");
                    return;
                case var n when _files + n > ImportLimits.MaxUploadFiles:
                    Problem(file.Path, $"holds more than the limit of {ImportLimits.MaxUploadFiles:N0} files in one upload");
                    return;
            }
            await using var zip = new ZipArchive(file.Content, ZipArchiveMode.Read, leaveOpen: true);
            var files = new List<(ZipArchiveEntry Entry, string Target)>();
            foreach (var entry in zip.Entries)
            {
                var label = $"{file.Path}!{entry.FullName}";
                if (entry.FullName.EndsWith('/'))
                {
                    if ((UploadPaths.Problem(entry.FullName) ?? _paths.ClaimFolder(entry.FullName)) is { } folderProblem) Problem(label, folderProblem);
                }
                else if (Claim(entry.FullName, label) is { } target)
                {
                    files.Add((entry, target));
                }
            }
            foreach (var (entry, target) in files.TakeWhile(_ => _problems.Count == 0))
            {
                await using var from = entry.Open();
                await CopyAsync(from, target, $"{file.Path}!{entry.FullName}", entry.CompressedLength, ct);
            }
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException or EndOfStreamException)
        {
            Problem(file.Path, "not a readable zip: " + e.Message);
        }
    }

    /// <summary>The file's place under the staging folder, or null (and a problem) when its path is refused.</summary>
    private string? Claim(string path, string label)
    {
        if ((UploadPaths.Problem(path) ?? _paths.ClaimFile(path)) is { } problem)
        {
            Problem(label, problem);
            return null;
        }
        if (++_files > ImportLimits.MaxUploadFiles)
        {
            Problem(label, $"one file too many: an upload holds at most {ImportLimits.MaxUploadFiles:N0}");
            return null;
        }
        return Path.Combine(root, path);
    }

    private async Task CopyAsync(Stream from, string target, string label, long? compressedBytes, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        await using var to = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, CopyBuffer, useAsync: true);
        var buffer = new byte[CopyBuffer];
        long written = 0;
        int read;
        while ((read = await from.ReadAsync(buffer, ct)) > 0)
        {
            written += read;
            _bytes += read;
            if (written > ImportLimits.MaxFileBytes)
            {
                Problem(label, $"is larger than the limit of {ImportLimits.MaxFileBytes:N0} bytes for one file");
                return;
            }
            if (_bytes > ImportLimits.MaxUploadBytes)
            {
                Problem(label, $"takes the upload past the limit of {ImportLimits.MaxUploadBytes:N0} bytes unpacked");
                return;
            }
            if (compressedBytes is { } packed && written > ImportLimits.RatioFreeBytes && written > packed * ImportLimits.MaxZipRatio)
            {
                Problem(label, $"unpacks to more than {ImportLimits.MaxZipRatio} times its compressed size ({packed:N0} bytes): refused as a zip bomb");
                return;
            }
            await to.WriteAsync(buffer.AsMemory(0, read), ct);
        }
    }

    private void Problem(string file, string reason) => _problems.Add(new UploadProblem(file, 0, null, reason));
}
