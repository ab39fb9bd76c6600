using System.Globalization;

namespace StreamLab.Collectors.Files;

/// <summary>
/// Line-at-a-time CSV parsing shared by the record files: a header naming the columns (any order, unknown columns
/// ignored with a note), then one row a line. A header is recognised by its column names: when a file may go
/// without one (<c>headerOptional</c>, as harnesses write events.csv), a first line naming none of the known columns
/// is already data, its fields in the documented order. A bad line is skipped and recorded as a problem with its line
/// number and field; parsing never aborts. Fields may be quoted (<c>"a,b"</c>, with <c>""</c> for a quote), as RFC
/// 4180 writers do.
/// </summary>
public abstract class CsvRecordParser<TRow> : LineParser<TRow>
{
    private readonly string[] _required;
    private readonly string[] _known;
    private readonly bool _headerOptional;
    private Dictionary<string, int>? _columns;
    private int _width;

    protected CsvRecordParser(string file, string[] required, string[] optional, bool headerOptional = false) : base(file)
    {
        _required = required;
        _known = [.. required, .. optional];
        _headerOptional = headerOptional;
    }

    /// <summary>Whether the file started with data rather than a header (null until its first line).</summary>
    public bool? Headerless { get; private set; }

    protected override bool ParseLine(string line, out TRow row)
    {
        row = default!;
        if (line.Length == 0)
        {
            return false;
        }
        var fields = CsvFields.Split(line);
        if (_columns is null)
        {
            var names = fields.Select(f => f.Trim().ToLowerInvariant()).ToList();
            if (!_headerOptional || Headerless == false || names.Any(_known.Contains))
            {
                ReadHeader(names);
                return false;
            }
            // The first line names no known column: a header-less file; its columns are the documented ones in order.
            Headerless = true;
            _columns = _known.Select((name, i) => (name, i)).ToDictionary(c => c.name, c => c.i);
        }
        if (Headerless == true ? fields.Count < _required.Length || fields.Count > _known.Length : fields.Count != _width)
        {
            var expected = Headerless == true ? $"{_required.Length} to {_known.Length} ({string.Join(",", _known)})" : $"{_width}";
            return Problem(null, $"expected {expected} fields, found {fields.Count}");
        }
        return TryParseRow(fields, out row);
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
            return Problem(column, $"{Quote(text)} is not an integer");
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
            return Problem(column, $"{Quote(text)} is not a number");
        }
        value = parsed;
        return true;
    }

    /// <summary>The column's trimmed text; null when the file has no such column (or a header-less row stops short of it).</summary>
    protected string? Text(IReadOnlyList<string> fields, string column) =>
        _columns!.TryGetValue(column, out var index) && index < fields.Count ? fields[index].Trim() : null;

    private void ReadHeader(List<string> names)
    {
        Headerless = false;
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
            Note($"{File}: ignoring unknown columns {string.Join(",", unknown)}");
        }
    }
}
