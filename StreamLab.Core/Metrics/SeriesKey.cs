using System.Text;

namespace StreamLab.Core.Metrics;

/// <summary>
/// A series name <c>metric{label="value",…}</c>: parsed into its parts, and written back with labels
/// sorted by name (ordinal) and values escaped as Prometheus does (<c>\\</c>, <c>\"</c>, <c>\n</c>),
/// so the same series scraped twice always gets the same stored name.
/// </summary>
public sealed record SeriesKey(string Name, IReadOnlyList<KeyValuePair<string, string>> Labels)
{
    /// <summary>The canonical text: labels sorted by name, no spaces, values escaped.</summary>
    public override string ToString() => Format(Name, Labels);

    public static string Format(string name, IEnumerable<KeyValuePair<string, string>> labels)
    {
        var sorted = labels.OrderBy(l => l.Key, StringComparer.Ordinal).ToList();
        if (sorted.Count == 0)
        {
            return name;
        }
        var text = new StringBuilder(name).Append('{');
        for (var i = 0; i < sorted.Count; i++)
        {
            if (i > 0) text.Append(',');
            text.Append(sorted[i].Key).Append("=\"").Append(Escape(sorted[i].Value)).Append('"');
        }
        return text.Append('}').ToString();
    }

    public static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>Parses <c>name</c> or <c>name{a="1",b="x"}</c>; null with a reason when malformed.</summary>
    public static SeriesKey? TryParse(string text, out string? problem)
    {
        problem = null;
        var brace = text.IndexOf('{');
        var name = brace < 0 ? text : text[..brace];
        if (!IsMetricName(name))
        {
            problem = $"'{name}' is not a valid metric name";
            return null;
        }
        if (brace < 0)
        {
            return new SeriesKey(name, []);
        }
        var position = brace;
        var labels = LabelSetReader.Read(text, ref position, out problem);
        if (labels is null)
        {
            return null;
        }
        if (position != text.Length)
        {
            problem = $"unexpected text after the labels at column {position + 1}";
            return null;
        }
        return new SeriesKey(name, labels);
    }

    public static bool IsMetricName(ReadOnlySpan<char> name)
    {
        if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] is '_' or ':'))
        {
            return false;
        }
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or ':')) return false;
        }
        return true;
    }

    public static bool IsLabelName(ReadOnlySpan<char> name)
    {
        if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] == '_'))
        {
            return false;
        }
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_')) return false;
        }
        return true;
    }
}

/// <summary>Reads a Prometheus label set <c>{a="x",b="y\"z"}</c> (trailing comma and spaces allowed).</summary>
public static class LabelSetReader
{
    /// <summary>Reads from <paramref name="position"/> (at the <c>{</c>) past the closing <c>}</c>; null with a reason when malformed.</summary>
    public static List<KeyValuePair<string, string>>? Read(string text, ref int position, out string? problem)
    {
        problem = null;
        var labels = new List<KeyValuePair<string, string>>();
        var i = position + 1;
        while (true)
        {
            i = SkipSpaces(text, i);
            if (i >= text.Length)
            {
                problem = "the label set has no closing '}'";
                return null;
            }
            if (text[i] == '}')
            {
                position = i + 1;
                return labels;
            }
            var start = i;
            while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_')) i++;
            var name = text[start..i];
            if (!SeriesKey.IsLabelName(name))
            {
                problem = $"invalid label name at column {start + 1}";
                return null;
            }
            i = SkipSpaces(text, i);
            if (i >= text.Length || text[i] != '=')
            {
                problem = $"label '{name}' has no '='";
                return null;
            }
            i = SkipSpaces(text, i + 1);
            if (i >= text.Length || text[i] != '"')
            {
                problem = $"the value of label '{name}' is not quoted";
                return null;
            }
            var value = new StringBuilder();
            i++;
            while (true)
            {
                if (i >= text.Length)
                {
                    problem = $"the value of label '{name}' has no closing quote";
                    return null;
                }
                var c = text[i++];
                if (c == '"') break;
                if (c != '\\')
                {
                    value.Append(c);
                    continue;
                }
                if (i >= text.Length)
                {
                    problem = $"the value of label '{name}' ends in a lone backslash";
                    return null;
                }
                var escaped = text[i++];
                switch (escaped)
                {
                    case '\\': value.Append('\\'); break;
                    case '"': value.Append('"'); break;
                    case 'n': value.Append('\n'); break;
                    default:
                        problem = $"the value of label '{name}' has an unknown escape '\\{escaped}'";
                        return null;
                }
            }
            if (labels.Any(l => l.Key == name))
            {
                problem = $"label '{name}' appears twice";
                return null;
            }
            labels.Add(new(name, value.ToString()));
            i = SkipSpaces(text, i);
            if (i < text.Length && text[i] == ',')
            {
                i++;
            }
            else if (i < text.Length && text[i] != '}')
            {
                problem = $"expected ',' or '}}' after label '{name}' at column {i + 1}";
                return null;
            }
        }
    }

    private static int SkipSpaces(string text, int i)
    {
        while (i < text.Length && text[i] is ' ' or '\t') i++;
        return i;
    }
}
