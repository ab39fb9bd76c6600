using System.Globalization;

namespace StreamLab.Collectors.Stacks.Ffmpeg;

/// <summary>
/// One line of ffmpeg's <c>-vstats_file</c>: an encoded frame's number, size and picture type.
/// ffmpeg 5.1 writes (version 2, frame numbers from 0):
/// <code>
/// out=  0 st=  0 frame=     0 q= 20.0 f_size=   8447 s_size=        0kB time= 0.010 br=  2027.3kbits/s avg_br=     0.0kbits/s type= I
/// </code>
/// and version 1 the same without <c>out=</c>/<c>st=</c>. Values may be padded after the <c>=</c>.
/// </summary>
public readonly record struct VstatsLine(long Frame, int SizeBytes, char Type)
{
    /// <summary>Parses a line; on failure <paramref name="error"/> names the field that is missing or bad.</summary>
    public static bool TryParse(string line, out VstatsLine parsed, out string error)
    {
        parsed = default;
        string? frame = null, size = null, type = null;
        var tokens = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < tokens.Length; i++)
        {
            var token = tokens[i];
            var eq = token.IndexOf('=');
            if (eq <= 0)
            {
                continue;
            }
            var key = token[..eq];
            var value = eq < token.Length - 1 ? token[(eq + 1)..] : (i + 1 < tokens.Length && !tokens[i + 1].Contains('=') ? tokens[++i] : "");
            switch (key)
            {
                case "frame": frame = value; break;
                case "f_size": size = value; break;
                case "type": type = value; break;
            }
        }
        if (!long.TryParse(frame, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            error = frame is null ? "frame: missing" : $"frame: '{frame}' is not a frame number";
            return false;
        }
        if (!int.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes))
        {
            error = size is null ? "f_size: missing" : $"f_size: '{size}' is not a byte count";
            return false;
        }
        if (type is not { Length: 1 } || type[0] is not ('I' or 'P' or 'B' or 'S' or 'i' or 'p' or 'b'))
        {
            error = type is null ? "type: missing" : $"type: '{type}' is not a picture type";
            return false;
        }
        parsed = new VstatsLine(number, bytes, char.ToUpperInvariant(type[0]));
        error = "";
        return true;
    }
}

/// <summary>
/// Follows a vstats file while the sender's ffmpeg writes it (stdio-buffered, so lines arrive in
/// batches of ~4 kB): each <see cref="Poll"/> parses the complete lines written since the last one.
/// A malformed line is skipped, counted and reported as <c>file:line: field: reason</c>.
/// </summary>
public sealed class VstatsFollower(string path)
{
    private long _offset;
    private string _partial = "";
    private long _lineNumber;
    private readonly List<string> _problems = [];

    public long Malformed { get; private set; }

    /// <summary>Problems found so far (file:line: field: reason), in order.</summary>
    public IReadOnlyList<string> Problems => _problems;

    public IReadOnlyList<VstatsLine> Poll()
    {
        if (!File.Exists(path))
        {
            return [];
        }
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (file.Length <= _offset)
        {
            return [];
        }
        file.Seek(_offset, SeekOrigin.Begin);
        using var reader = new StreamReader(file);
        var text = _partial + reader.ReadToEnd();
        _offset = file.Length;
        var lines = text.Split('\n');
        _partial = lines[^1];
        var parsed = new List<VstatsLine>(lines.Length);
        foreach (var line in lines.AsSpan(0, lines.Length - 1))
        {
            _lineNumber++;
            if (line.Trim().Length == 0)
            {
                continue;
            }
            if (VstatsLine.TryParse(line, out var entry, out var error))
            {
                parsed.Add(entry);
            }
            else
            {
                Malformed++;
                _problems.Add($"{path}:{_lineNumber}: {error}");
            }
        }
        return parsed;
    }
}
