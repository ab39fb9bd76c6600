using System.Globalization;
using System.Text.RegularExpressions;
using StreamLab.Collectors.Files;
using StreamLab.Core.Import;
using StreamLab.Core.Storage;

namespace StreamLab.Collectors.Import;

/// <summary>
/// Parses a run folder's meta.env, one setting a line:
/// <code>
/// # a harness run
/// BITRATE=32000
/// CODEC="h264"
/// export HOST=lab1
/// T0_US=1717171717000000
/// STATUS=failed
/// </code>
/// KEY=VALUE with '#' comments, optional quotes and <c>export </c>; a key set twice, a bad key, a window that is not
/// an integer, a status that is not a finished record's, or more than <see cref="ImportLimits.MaxMetaKeys"/> keys is
/// a problem with its line.
/// </summary>
public sealed partial class MetaEnvParser(string file) : LineParser<KeyValuePair<string, string>>(file)
{
    private readonly Dictionary<string, string> _meta = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Values => _meta;

    protected override bool ParseLine(string raw, out KeyValuePair<string, string> row)
    {
        row = default;
        var line = raw.Trim();
        if (line.Length == 0 || line.StartsWith('#'))
        {
            return false;
        }
        if (line.StartsWith("export ", StringComparison.Ordinal))
        {
            line = line["export ".Length..].TrimStart();
        }
        var eq = line.IndexOf('=');
        if (eq <= 0)
        {
            return Problem(null, $"expected KEY=VALUE, found {Quote(raw)}");
        }
        var key = line[..eq].Trim();
        var value = line[(eq + 1)..].Trim();
        if (!KeyPattern().IsMatch(key))
        {
            return Problem(Quote(key), "is not a valid key ([A-Za-z_][A-Za-z0-9_]*)");
        }
        if (value.Length >= 2 && value[0] == value[^1] && value[0] is '"' or '\'')
        {
            value = value[1..^1];
        }
        if (ValueProblem(key, value) is { } problem)
        {
            return Problem(key, problem);
        }
        if (_meta.ContainsKey(key))
        {
            return Problem(key, "is set twice");
        }
        if (_meta.Count == ImportLimits.MaxMetaKeys)
        {
            return Problem(key, $"one key too many: a meta.env holds at most {ImportLimits.MaxMetaKeys:N0}");
        }
        _meta[key] = value;
        row = new KeyValuePair<string, string>(key, value);
        return true;
    }

    /// <summary>The status a record imported from this folder gets: STATUS= (a finished one), else succeeded.</summary>
    public static RecordStatus Status(IReadOnlyDictionary<string, string> meta) =>
        meta.TryGetValue(RunFolderLayout.StatusKey, out var text) && RecordStatusNames.TryParse(text, out var status) ? status : RecordStatus.Succeeded;

    /// <summary>T0_US or T1_US, when set.</summary>
    public static long? Time(IReadOnlyDictionary<string, string> meta, string key) =>
        meta.TryGetValue(key, out var v) && long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static string? ValueProblem(string key, string value)
    {
        if (key is RunFolderLayout.T0Key or RunFolderLayout.T1Key
            && !long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
        {
            return $"{Quote(value)} is not an integer (µs since the epoch)";
        }
        if (key == RunFolderLayout.StatusKey
            && (!RecordStatusNames.TryParse(value, out var status) || !RecordStatusNames.Finished.Contains(status)))
        {
            return $"{Quote(value)} is not the status of a finished record: use one of {RecordStatusNames.List(RecordStatusNames.Finished)}";
        }
        return null;
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex KeyPattern();
}
