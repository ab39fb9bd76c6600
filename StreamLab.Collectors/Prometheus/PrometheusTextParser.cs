using System.Globalization;
using StreamLab.Core.Import;
using StreamLab.Core.Metrics;

namespace StreamLab.Collectors.Prometheus;

/// <summary>
/// Parses the Prometheus text exposition format (0.0.4) and the OpenMetrics text it overlaps with:
/// <code>
/// # HELP http_requests_total The total number of HTTP requests.
/// # TYPE http_requests_total counter
/// http_requests_total{method="post",code="200"} 1027 1395066363000
/// http_requests_total{method="post",code="400"}    3 1395066363000
/// msdos_file_access_time_seconds{path="C:\\DIR\\FILE.TXT",error="Cannot find file:\n\"FILE.TXT\""} 1.458255915e9
/// # A normal comment.
/// # TYPE http_request_duration_seconds histogram
/// http_request_duration_seconds_bucket{le="0.05"} 24054
/// http_request_duration_seconds_bucket{le="+Inf"} 144320
/// http_request_duration_seconds_sum 53423
/// http_request_duration_seconds_count 144320
/// # TYPE rpc_duration_seconds summary
/// rpc_duration_seconds{quantile="0.5"} 4773
/// rpc_duration_seconds_sum 1.7560473e+07
/// rpc_duration_seconds_count 2693
/// metric_without_timestamp_and_labels 12.47
/// something_weird{problem="division by zero"} +Inf -3982045
/// # EOF
/// </code>
/// Every series becomes one sample named canonically (<see cref="SeriesKey"/>). A malformed line is
/// skipped and recorded with its number and reason (the first <see cref="ImportLimits.MaxProblemsListed"/> kept); so are format-rule breaches (a TYPE after its
/// family's samples, a second TYPE, a repeated series), which makes the parser a strict checker too.
/// </summary>
public sealed class PrometheusTextParser
{
    private static readonly string[] Types = ["counter", "gauge", "histogram", "summary", "untyped", "unknown", "info", "stateset", "gaugehistogram"];
    private static readonly string[] FamilySuffixes = ["_bucket", "_sum", "_count", "_total", "_created", "_gcount", "_gsum", "_info"];

    private readonly Dictionary<string, string> _types = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _help = new(StringComparer.Ordinal);
    private readonly HashSet<string> _familiesWithSamples = new(StringComparer.Ordinal);
    private readonly HashSet<string> _series = new(StringComparer.Ordinal);
    private readonly List<PrometheusSample> _samples = [];
    private readonly List<PrometheusProblem> _problems = [];
    private long _problemCount;
    private long _lineNumber;
    private bool _ended;

    /// <summary>Parses a whole exposition.</summary>
    public static PrometheusExposition Parse(string text)
    {
        var parser = new PrometheusTextParser();
        using var reader = new StringReader(text);
        while (reader.ReadLine() is { } line)
        {
            parser.ParseLine(line);
        }
        return parser.Result();
    }

    public PrometheusExposition Result() => new(_samples, _problems, _types, _help, _ended) { ProblemCount = _problemCount };

    public void ParseLine(string line)
    {
        _lineNumber++;
        line = line.TrimEnd('\r');
        if (_ended)
        {
            if (line.Length > 0) Problem("text after '# EOF'");
            return;
        }
        var trimmed = line.TrimStart(' ', '\t');
        if (trimmed.Length == 0)
        {
            return;
        }
        if (trimmed[0] == '#')
        {
            ParseComment(trimmed);
            return;
        }
        ParseSample(trimmed);
    }

    private void ParseComment(string line)
    {
        if (line.TrimEnd() == "# EOF")
        {
            _ended = true;
            return;
        }
        var parts = line.Split([' ', '\t'], 4, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2 || parts[0] != "#" || parts[1] is not ("HELP" or "TYPE"))
        {
            return; // a plain comment
        }
        if (parts.Length < 3 || !SeriesKey.IsMetricName(parts[2]))
        {
            Problem($"# {parts[1]} without a valid metric name");
            return;
        }
        var name = parts[2];
        var rest = parts.Length > 3 ? parts[3] : "";
        if (parts[1] == "HELP")
        {
            if (!_help.TryAdd(name, UnescapeHelp(rest))) Problem($"a second HELP for '{name}'");
            return;
        }
        var type = rest.Trim();
        if (!Types.Contains(type))
        {
            Problem($"unknown type '{type}' for '{name}'");
        }
        else if (_types.ContainsKey(name))
        {
            Problem($"a second TYPE for '{name}'");
        }
        else if (_familiesWithSamples.Contains(name))
        {
            Problem($"TYPE for '{name}' after its samples");
        }
        else
        {
            _types[name] = type;
        }
    }

    private void ParseSample(string line)
    {
        var i = 0;
        while (i < line.Length && line[i] is not (' ' or '\t' or '{')) i++;
        var name = line[..i];
        if (!SeriesKey.IsMetricName(name))
        {
            Problem($"'{name}' is not a valid metric name");
            return;
        }
        List<KeyValuePair<string, string>> labels = [];
        if (i < line.Length && line[i] == '{')
        {
            if (LabelSetReader.Read(line, ref i, out var labelProblem) is not { } read)
            {
                Problem(labelProblem!);
                return;
            }
            labels = read;
        }
        var fields = line[i..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length is 0 or > 2 || (i < line.Length && line[i] is not (' ' or '\t')))
        {
            Problem(fields.Length == 0 ? $"'{name}' has no value" : "expected 'name{labels} value [timestamp]'");
            return;
        }
        if (!TryParseValue(fields[0], out var value))
        {
            Problem($"'{fields[0]}' is not a number");
            return;
        }
        double? timestamp = null;
        if (fields.Length == 2)
        {
            if (!double.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var ts) || !double.IsFinite(ts))
            {
                Problem($"timestamp '{fields[1]}' is not a number");
                return;
            }
            timestamp = ts;
        }
        var family = FamilyOf(name);
        var type = _types.GetValueOrDefault(family, "untyped");
        if (RequiredLabel(name, family, type) is { } required && !labels.Any(l => l.Key == required && TryParseValue(l.Value, out _)))
        {
            Problem($"'{name}' of {type} '{family}' needs a numeric '{required}' label");
            return;
        }
        var series = SeriesKey.Format(name, labels);
        if (!_series.Add(series))
        {
            Problem($"series '{series}' appears twice");
            return;
        }
        _familiesWithSamples.Add(family);
        _samples.Add(new PrometheusSample(series, name, family, type, value, timestamp));
    }

    private string FamilyOf(string name)
    {
        if (_types.ContainsKey(name))
        {
            return name;
        }
        foreach (var suffix in FamilySuffixes)
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal) && _types.ContainsKey(name[..^suffix.Length]))
            {
                return name[..^suffix.Length];
            }
        }
        return name;
    }

    private static string? RequiredLabel(string name, string family, string type) => type switch
    {
        "histogram" or "gaugehistogram" when name == family + "_bucket" => "le",
        "summary" when name == family => "quantile",
        _ => null,
    };

    /// <summary>A sample value: a float, or NaN, +Inf, -Inf (any case, as Go's ParseFloat accepts).</summary>
    public static bool TryParseValue(string text, out double value)
    {
        switch (text.ToLowerInvariant())
        {
            case "nan":
                value = double.NaN;
                return true;
            case "+inf" or "inf":
                value = double.PositiveInfinity;
                return true;
            case "-inf":
                value = double.NegativeInfinity;
                return true;
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }

    private static string UnescapeHelp(string text) =>
        text.Replace("\\\\", "\u0000", StringComparison.Ordinal).Replace("\\n", "\n", StringComparison.Ordinal).Replace("\u0000", "\\", StringComparison.Ordinal);

    // The first problems are kept, all are counted: an endpoint answering garbage must not grow a list per line.
    private void Problem(string reason)
    {
        if (_problems.Count < ImportLimits.MaxProblemsListed)
        {
            _problems.Add(new PrometheusProblem(_lineNumber, reason));
        }
        _problemCount++;
    }
}

/// <summary>One series value of an exposition; <see cref="Series"/> is canonical (labels sorted).</summary>
public sealed record PrometheusSample(string Series, string Name, string Family, string Type, double Value, double? Timestamp);

/// <summary>A skipped line of an exposition, with why.</summary>
public sealed record PrometheusProblem(long Line, string Reason)
{
    public override string ToString() => $"line {Line}: {Reason}";
}

/// <summary>What a parse found: samples, skipped lines (the first 100; <see cref="ProblemCount"/> counts all), families' TYPE and HELP, and whether <c># EOF</c> was seen.</summary>
public sealed record PrometheusExposition(
    IReadOnlyList<PrometheusSample> Samples,
    IReadOnlyList<PrometheusProblem> Problems,
    IReadOnlyDictionary<string, string> Types,
    IReadOnlyDictionary<string, string> Help,
    bool SawEof)
{
    public long ProblemCount { get; init; }
}
