using System.Text;

namespace StreamLab.Core.Campaigns;

/// <summary>Reads and fills <c>{name}</c> placeholders in command, path and environment templates.</summary>
/// <remarks><c>{{</c> and <c>}}</c> stand for literal braces. Values are pasted verbatim: no escaping, no shell.</remarks>
public static class PlaceholderTemplate
{
    /// <summary>Placeholders every record provides, besides the campaign's matrix and fixed parameters.</summary>
    public static IReadOnlyList<string> BuiltIns { get; } =
    [
        "port", "port2", "port3", "port4", "port5", "port6", "port7", "port8", "port9",
        "record_dir", "duration_s", "warmup_s", "repetition", "point_key", "campaign",
    ];

    /// <summary>The placeholder names in <paramref name="template"/>, in order of first appearance, without repeats.</summary>
    /// <exception cref="FormatException">The template has an unclosed <c>{</c>, a lone <c>}</c> or an empty or malformed name.</exception>
    public static IReadOnlyList<string> Names(string template)
    {
        var names = new List<string>();
        var error = Scan(template, (_, name) => { if (name is not null && !names.Contains(name)) names.Add(name); });
        return error is null ? names : throw new FormatException(error);
    }

    /// <summary>The template with every placeholder replaced by its value and doubled braces made single.</summary>
    /// <exception cref="PlaceholderMissingException">A placeholder has no value.</exception>
    /// <exception cref="FormatException">The template is malformed (see <see cref="Names"/>).</exception>
    public static string Substitute(string template, IReadOnlyDictionary<string, string> values)
    {
        var text = new StringBuilder(template.Length);
        var error = Scan(template, (literal, name) =>
        {
            if (name is null)
            {
                text.Append(literal);
            }
            else if (values.TryGetValue(name, out var value))
            {
                text.Append(value);
            }
            else
            {
                throw new PlaceholderMissingException(name, template);
            }
        });
        return error is null ? text.ToString() : throw new FormatException(error);
    }

    /// <summary>Null when <paramref name="template"/> is well formed, else why it is not.</summary>
    public static string? Validate(string template) => Scan(template, (_, _) => { });

    /// <summary>True for a name a parameter or placeholder may have: <c>[A-Za-z_][A-Za-z0-9_-]*</c>.</summary>
    public static bool IsValidName(string name) =>
        name.Length > 0
        && (char.IsAsciiLetter(name[0]) || name[0] == '_')
        && name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '_' or '-');

    // Calls back with (literal, null) for text and (null, name) for a placeholder; returns an error or null.
    private static string? Scan(string template, Action<string?, string?> onPart)
    {
        var literal = new StringBuilder();
        for (var i = 0; i < template.Length; i++)
        {
            var ch = template[i];
            if (ch == '}')
            {
                if (i + 1 < template.Length && template[i + 1] == '}')
                {
                    literal.Append('}');
                    i++;
                    continue;
                }
                return $"lone '}}' at position {i + 1}; write '}}}}' for a literal brace";
            }
            if (ch != '{')
            {
                literal.Append(ch);
                continue;
            }
            if (i + 1 < template.Length && template[i + 1] == '{')
            {
                literal.Append('{');
                i++;
                continue;
            }
            var close = template.IndexOf('}', i + 1);
            if (close < 0)
            {
                return $"unclosed '{{' at position {i + 1}; write '{{{{' for a literal brace";
            }
            var name = template[(i + 1)..close];
            if (!IsValidName(name))
            {
                return $"'{{{name}}}' is not a placeholder: names match [A-Za-z_][A-Za-z0-9_-]*; write '{{{{' for a literal brace";
            }
            if (literal.Length > 0)
            {
                onPart(literal.ToString(), null);
                literal.Clear();
            }
            onPart(null, name);
            i = close;
        }
        if (literal.Length > 0)
        {
            onPart(literal.ToString(), null);
        }
        return null;
    }
}

/// <summary>Thrown when a template names a placeholder that was given no value.</summary>
public sealed class PlaceholderMissingException(string placeholder, string template)
    : KeyNotFoundException($"no value for placeholder '{{{placeholder}}}' in '{template}'")
{
    /// <summary>The placeholder name, without braces.</summary>
    public string Placeholder { get; } = placeholder;
}
