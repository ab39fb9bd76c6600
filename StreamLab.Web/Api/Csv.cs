using System.Globalization;
using System.Text;
using StreamLab.Web.Reports;

namespace StreamLab.Web.Api;

/// <summary>CSV as StreamLab writes it: a header line, <c>\n</c> line ends, RFC 4180 quoting only where needed.</summary>
public static class Csv
{
    public static string Table(ReportTable table)
    {
        var text = new StringBuilder(string.Join(',', table.Columns.Select(Quote))).Append('\n');
        foreach (var row in table.Rows)
        {
            text.Append(string.Join(',', row.Select(Quote))).Append('\n');
        }
        return text.ToString();
    }

    public static string Quote(string? value)
    {
        if (value is null)
        {
            return "";
        }
        value = Inert(value);
        return value.IndexOfAny([',', '"', '\n', '\r']) < 0 ? value : $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
    }

    /// <summary>
    /// A text cell that a spreadsheet would run as a formula (it starts with <c>= + - @</c>, a tab or a carriage return:
    /// OWASP's CSV injection list) gets a leading apostrophe, so it opens as the text it is. Numbers, negative ones
    /// included, stay numbers. Event details, series and parameter values come from the systems under test.
    /// </summary>
    public static string Inert(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r'
        && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            ? "'" + value
            : value;
}
