using StreamLab.Core;

namespace StreamLab.Web.Dashboard;

/// <summary>One role's captured output, tail only.</summary>
public sealed record RoleLog(string FileName, long Length, string Tail, bool Truncated);

/// <summary>Reads the <c>&lt;role&gt;.stdout.log</c>/<c>.stderr.log</c> files of a record folder that lies inside the data folder.</summary>
public sealed class RecordLogs(StreamLabPaths paths)
{
    public const int TailBytes = 32 * 1024;

    /// <summary>The record's log files; empty when its folder is missing or (stored path gone wrong) outside the data folder.</summary>
    public IReadOnlyList<RoleLog> Read(string? recordDir)
    {
        if (InsideData(recordDir) is not { } dir || !Directory.Exists(dir))
        {
            return [];
        }
        return Directory.EnumerateFiles(dir, "*.log")
            .Where(f => f.EndsWith(".stdout.log", StringComparison.Ordinal) || f.EndsWith(".stderr.log", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(Tail)
            .ToList();
    }

    private string? InsideData(string? recordDir)
    {
        if (string.IsNullOrEmpty(recordDir))
        {
            return null;
        }
        var full = Path.GetFullPath(recordDir);
        var root = Path.TrimEndingDirectorySeparator(paths.DataDirectory) + Path.DirectorySeparatorChar;
        return full.StartsWith(root, StringComparison.Ordinal) ? full : null;
    }

    private static RoleLog Tail(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var length = stream.Length;
        var truncated = length > TailBytes;
        if (truncated)
        {
            stream.Seek(-TailBytes, SeekOrigin.End);
        }
        using var reader = new StreamReader(stream);
        return new RoleLog(Path.GetFileName(file), length, reader.ReadToEnd(), truncated);
    }
}
