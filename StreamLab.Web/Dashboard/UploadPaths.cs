using System.Text;
using StreamLab.Core.Import;

namespace StreamLab.Web.Dashboard;

/// <summary>
/// The paths of one upload (form file names and zip entry names), checked before anything is written: relative,
/// '/'-separated, no '..', NUL or control characters, within <see cref="ImportLimits"/>' length and depth; and no two
/// that collide (<c>r/meta.env</c> as a file and as the folder of <c>r/meta.env/frames.csv</c>, or one file twice).
/// </summary>
public sealed class UploadPaths
{
    private readonly Dictionary<string, bool> _entries = new(StringComparer.Ordinal); // path → is a folder

    /// <summary>Why <paramref name="path"/> cannot be a file (or, ending in '/', a folder) of an upload; null when it can.</summary>
    public static string? Problem(string path)
    {
        var body = path.EndsWith('/') ? path[..^1] : path;
        if (body.Length == 0) return "has no name";
        if (path.Length > ImportLimits.MaxPathChars) return $"is longer than {ImportLimits.MaxPathChars:N0} characters";
        if (path.Contains('\0')) return "holds a NUL character";
        if (path.Contains('\\')) return "uses '\\': paths in an upload are relative and use '/'";
        if (path.StartsWith('/') || (path.Length >= 2 && path[1] == ':' && char.IsAsciiLetter(path[0]))) return "is an absolute path: paths in an upload are relative";
        if (path.Any(char.IsControl)) return "holds a control character";
        var names = body.Split('/');
        if (names.Contains("..")) return "path leaves the upload folder ('..')";
        if (names.Any(n => n is "" or ".")) return "has an empty or '.' folder name";
        if (names.Length > ImportLimits.MaxPathDepth) return $"is more than {ImportLimits.MaxPathDepth} folders deep";
        if (names.Any(n => Encoding.UTF8.GetByteCount(n) > ImportLimits.MaxNameBytes)) return $"has a name longer than {ImportLimits.MaxNameBytes} bytes";
        return null;
    }

    /// <summary>Claims <paramref name="path"/> (a checked one) for a file; why not when it collides with what the upload already has.</summary>
    public string? ClaimFile(string path)
    {
        if (_entries.TryGetValue(path, out var folder))
        {
            return folder ? $"'{path}' is a folder in this upload, so it cannot also be a file" : "appears twice in this upload";
        }
        if (ClaimParents(path) is { } problem) return problem;
        _entries[path] = false;
        return null;
    }

    /// <summary>Claims a folder (a zip's directory entry, <c>r/</c>); why not when a file has its name.</summary>
    public string? ClaimFolder(string path) => ClaimParents(path.TrimEnd('/') + "/x");

    private string? ClaimParents(string path)
    {
        for (var slash = path.IndexOf('/'); slash > 0; slash = path.IndexOf('/', slash + 1))
        {
            var parent = path[..slash];
            if (_entries.TryGetValue(parent, out var folder) && !folder)
            {
                return $"'{parent}' is a file in this upload, so it cannot also be a folder";
            }
            _entries[parent] = true;
        }
        return null;
    }
}
