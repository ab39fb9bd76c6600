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

    public static string Quote(string? value) =>
        value is null ? "" : value.IndexOfAny([',', '"', '\n', '\r']) < 0 ? value : $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
