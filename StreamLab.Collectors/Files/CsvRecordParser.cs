using System.Globalization;
using StreamLab.Core.Running;

namespace StreamLab.Collectors.Files;

/// <summary>
/// Line-at-a-time CSV parsing shared by the record files: a header naming the columns (any order,
/// unknown columns ignored with a note), then one row a line. A bad line is skipped and recorded
/// as an <see cref="InputProblem"/> with its line number and field; parsing never aborts.
/// Fields may be quoted (<c>"a,b"</c>, with <c>""</c> for a quote), as RFC 4180 writers do.
/// </summary>
public abstract class CsvRecordParser<TRow> : ILineParser<TRow>
{
    private readonly string[] _required;
    private readonly string[] _known;
    private readonly List<string> _notes = [];
    private Dictionary<string, int>? _columns;
    private int _width;

    protected CsvRecordParser(string file, string[] required, string[] optional)
    {
        File = file;
        _required = required;
        _known = [.. required, .. optional];
    }

    public string File { get; }

    /// <summary>Lines consumed so far, blank ones included (the number of the last line).</summary>
    public long LineNumber { get; private set; }

    public long RowsParsed { get; private set; }

    public InputProblemLog Problems { get; } = new();

    /// <summary>Things worth knowing that are not problems (such as ignored columns).</summary>
    public IReadOnlyList<string> Notes => _notes;

    /// <summary>Parses the next line of the file (without its newline); true with a row for a valid data line.</summary>
    public bool TryParseLine(string line, out TRow row)
    {
        row = default!;
        LineNumber++;
        line = line.TrimEnd('\r');
        if (line.Length == 0)
        {
            return false;
        }
        var fields = CsvFields.Split(line);
        if (_columns is null)
        {
            ReadHeader(fields);
            return false;
        }
        if (fields.Count != _width)
        {
            Problem(null, $"expected {_width} fields, found {fields.Count}");
            return false;
        }
        if (!TryParseRow(fields, out row))
        {
            return false;
        }
        RowsParsed++;
        return true;
    }

    protected abstract bool TryParseRow(IReadOnlyList<string> fields, out TRow row);

    /// <summary>The column's integer, or null when it is absent or empty and not <paramref name="required"/>.</summary>
    protected bool TryLong(IReadOnlyList<string> fields, string column, bool required, out long? value)
    {
        value = null;
        var text = Text(fields, column);
        if (text is null || text.Length == 0)
        {
            return !required || Problem(column, "is empty");
        }
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
        {
            return Problem(column, $"'{text}' is not an integer");
        }
        value = parsed;
        return true;
    }

    protected bool TryDouble(IReadOnlyList<string> fields, string column, out double? value)
    {
        value = null;
        var text = Text(fields, column);
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }
        if (text.Equals("inf", StringComparison.OrdinalIgnoreCase))
        {
            value = double.PositiveInfinity; // PSNR of identical frames, as ffmpeg prints it
            return true;
        }
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
        {
            return Problem(column, $"'{text}' is not a number");
        }
        value = parsed;
        return true;
    }

    protected string? Text(IReadOnlyList<string> fields, string column) =>
        _columns!.TryGetValue(column, out var index) ? fields[index].Trim() : null;

    /// <summary>Records a problem on the current line; returns false so callers can <c>return Problem(...)</c>.</summary>
    protected bool Problem(string? field, string message)
    {
        Problems.Add(new InputProblem(File, LineNumber, field, message));
        return false;
    }

    private void ReadHeader(IReadOnlyList<string> fields)
    {
        var names = fields.Select(f => f.Trim().ToLowerInvariant()).ToList();
        var missing = _required.FirstOrDefault(r => !names.Contains(r));
        if (missing is not null)
        {
            Problem(missing, $"missing header: the first line must name the columns {string.Join(",", _required)}");
            return;
        }
        _columns = [];
        for (var i = 0; i < names.Count; i++)
        {
            _columns.TryAdd(names[i], i);
        }
        _width = names.Count;
        var unknown = names.Where(n => !_known.Contains(n)).ToList();
        if (unknown.Count > 0)
        {
            _notes.Add($"{File}: ignoring unknown columns {string.Join(",", unknown)}");
        }
    }
}
