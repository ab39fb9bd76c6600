using System.Globalization;
using System.Text.RegularExpressions;
using StreamLab.Collectors.Prometheus;
using StreamLab.Core.Raw;
using StreamLab.Core.Running;

namespace StreamLab.Collectors.Files;

/// <summary>
/// Parses a samples file in the harnesses' prom.tsv layout, one value a line, no header:
/// <code>
/// 1717171717000123	queue_depth{role="client"}	17
/// 1717171717000123	livekit_nack_total{track="v1",kind="video"}	1234
/// 1717171718000456	buffer_level_s	NaN
/// </code>
/// Time is wall-clock µs since the epoch; the series is a Prometheus metric name with optional
/// labels, kept as written; the value is a float (NaN, +Inf and -Inf allowed).
/// </summary>
public sealed partial class SamplesTsvParser(string file, long recordId) : ILineParser<SampleRow>
{
    public string File { get; } = file;

    public long LineNumber { get; private set; }

    public long RowsParsed { get; private set; }

    public InputProblemLog Problems { get; } = new();

    /// <summary>Parses the next line (without its newline); true with a row for a valid line.</summary>
    public bool TryParseLine(string line, out SampleRow row)
    {
        row = default;
        LineNumber++;
        line = line.TrimEnd('\r');
        if (line.Length == 0 || line.StartsWith('#'))
        {
            return false;
        }
        var fields = line.Split('\t');
        if (fields.Length != 3)
        {
            return Problem(null, $"expected 3 tab-separated fields (wall_us, series, value), found {fields.Length}");
        }
        if (!long.TryParse(fields[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var timeUs))
        {
            return Problem("wall_us", $"'{fields[0]}' is not an integer");
        }
        if (!SeriesPattern().IsMatch(fields[1]))
        {
            return Problem("series", $"'{fields[1]}' is not a metric name with optional {{labels}}");
        }
        if (!PrometheusTextParser.TryParseValue(fields[2], out var value))
        {
            return Problem("value", $"'{fields[2]}' is not a number");
        }
        row = new SampleRow(recordId, fields[1], timeUs, value, Warmup: false);
        RowsParsed++;
        return true;
    }

    private bool Problem(string? field, string message)
    {
        Problems.Add(new InputProblem(File, LineNumber, field, message));
        return false;
    }

    [GeneratedRegex("""^[a-zA-Z_:][a-zA-Z0-9_:]*(\{.*\})?$""")]
    private static partial Regex SeriesPattern();
}
