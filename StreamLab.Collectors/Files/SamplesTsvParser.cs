using System.Globalization;
using System.Text.RegularExpressions;
using StreamLab.Collectors.Prometheus;
using StreamLab.Core.Raw;

namespace StreamLab.Collectors.Files;

/// <summary>
/// Parses a samples file in the harnesses' prom.tsv layout, one value a line, no header:
/// <code>
/// 1717171717000123	queue_depth{role="client"}	17
/// 1717171717000123	livekit_nack_total{track="v1",kind="video"}	1234
/// 1717171718000456	buffer_level_s	NaN
/// </code>
/// Time is wall-clock µs since the epoch; the series is a Prometheus metric name with optional
/// labels, kept as written; the value is a float (NaN, +Inf and -Inf allowed). A first line naming the
/// columns (<c>wall_us&lt;TAB&gt;series&lt;TAB&gt;value</c>, or <c>metric</c> for <c>series</c>) is a header and skipped.
/// </summary>
public sealed partial class SamplesTsvParser(string file, long recordId) : LineParser<SampleRow>(file)
{
    private readonly StringPool _series = new();
    private bool _firstLineSeen;

    protected override bool ParseLine(string line, out SampleRow row)
    {
        row = default;
        if (line.Length == 0 || line.StartsWith('#'))
        {
            return false;
        }
        var fields = line.Split('\t');
        if (!_firstLineSeen)
        {
            _firstLineSeen = true;
            if (IsHeader(fields))
            {
                return false;
            }
        }
        if (fields.Length != 3)
        {
            return Problem(null, $"expected 3 tab-separated fields (wall_us, series, value), found {fields.Length}");
        }
        if (!long.TryParse(fields[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var timeUs))
        {
            return Problem("wall_us", $"{Quote(fields[0])} is not an integer");
        }
        if (!SeriesPattern().IsMatch(fields[1]))
        {
            return Problem("series", $"{Quote(fields[1])} is not a metric name with optional {{labels}}");
        }
        if (!PrometheusTextParser.TryParseValue(fields[2], out var value))
        {
            return Problem("value", $"{Quote(fields[2])} is not a number");
        }
        row = new SampleRow(recordId, _series.Get(fields[1]), timeUs, value, Warmup: false);
        return true;
    }

    private static bool IsHeader(string[] fields) =>
        fields.Length == 3 && fields[0].Trim().Equals("wall_us", StringComparison.OrdinalIgnoreCase)
        && fields[1].Trim().ToLowerInvariant() is "series" or "metric" && fields[2].Trim().Equals("value", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex("""^[a-zA-Z_:][a-zA-Z0-9_:]*(\{.*\})?$""")]
    private static partial Regex SeriesPattern();
}
