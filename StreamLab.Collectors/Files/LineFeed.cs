using System.Buffers;
using StreamLab.Core.Import;
using StreamLab.Core.Running;

namespace StreamLab.Collectors.Files;

/// <summary>Bytes of a record file in, parsed rows out: what the follower and the importer both read files through.</summary>
public interface ILineFeed
{
    /// <summary>Rows the parser accepted so far.</summary>
    long RowsRead { get; }

    /// <summary>The last line, when <see cref="Finish"/> found it cut short; it was skipped.</summary>
    InputProblem? CutShort { get; }

    InputProblemLog Problems { get; }

    /// <summary>The next bytes of the file, in order, in chunks of any size.</summary>
    void Push(ReadOnlySpan<byte> bytes);

    /// <summary>The file is complete: settles a last line that has no newline.</summary>
    void Finish();

    /// <summary>Forgets a half-read line (the file shrank under its follower).</summary>
    void Reset();
}

/// <summary>
/// Cuts a file's bytes into lines for a <see cref="LineParser{TRow}"/> as they arrive (an import's reads, a
/// follower's polls) and hands each parsed row on. A line longer than <see cref="ImportLimits.MaxLineBytes"/> is
/// counted and skipped without being held. At the end a last line without its newline is cut short (its writer
/// was stopped mid-line): reported in <see cref="CutShort"/> and skipped, unless the file is one written at once
/// (meta.env), where it is complete. A UTF-8 byte-order mark is dropped; UTF-16 text is a problem of the whole file.
/// </summary>
public sealed class LineFeed<TRow>(LineParser<TRow> parser, Action<TRow> onRow, bool lastLineMayLackNewline = false) : ILineFeed
{
    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private readonly ArrayBufferWriter<byte> _partial = new();
    private long _overflow = -1; // bytes of a too-long line skipped so far; -1 when none is being skipped
    private bool _firstLineSeen;
    private bool _refused;

    public LineParser<TRow> Parser => parser;

    public long RowsRead { get; private set; }

    public InputProblem? CutShort { get; private set; }

    public InputProblemLog Problems => parser.Problems;

    public void Push(ReadOnlySpan<byte> bytes)
    {
        while (bytes.Length > 0)
        {
            var newline = bytes.IndexOf((byte)'\n');
            if (_overflow >= 0)
            {
                if (newline < 0)
                {
                    _overflow += bytes.Length;
                    return;
                }
                parser.SkipTooLong(_overflow + newline);
                _overflow = -1;
            }
            else if (newline < 0)
            {
                Hold(bytes);
                return;
            }
            else if (_partial.WrittenCount + newline > ImportLimits.MaxLineBytes)
            {
                parser.SkipTooLong(_partial.WrittenCount + newline);
                _partial.Clear();
            }
            else if (_partial.WrittenCount > 0)
            {
                _partial.Write(bytes[..newline]);
                Consume(_partial.WrittenSpan);
                _partial.Clear();
            }
            else
            {
                Consume(bytes[..newline]);
            }
            bytes = bytes[(newline + 1)..];
        }
    }

    public void Finish()
    {
        if (_overflow >= 0)
        {
            parser.SkipTooLong(_overflow);
        }
        else if (_partial.WrittenCount > 0 && !_refused && _partial.WrittenSpan.TrimEnd("\r \t"u8).Length > 0)
        {
            if (lastLineMayLackNewline)
            {
                Consume(_partial.WrittenSpan);
            }
            else
            {
                CutShort = parser.SkipCutShort();
            }
        }
        Reset();
    }

    public void Reset()
    {
        _partial.Clear();
        _overflow = -1;
    }

    private void Hold(ReadOnlySpan<byte> bytes)
    {
        if (_partial.WrittenCount + bytes.Length > ImportLimits.MaxLineBytes)
        {
            _overflow = _partial.WrittenCount + bytes.Length;
            _partial.Clear();
            return;
        }
        _partial.Write(bytes);
    }

    private void Consume(ReadOnlySpan<byte> line)
    {
        if (_refused)
        {
            return;
        }
        if (!_firstLineSeen)
        {
            _firstLineSeen = true;
            if (line.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || line.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            {
                parser.FileProblem("is UTF-16 text; save it as UTF-8");
                _refused = true;
                return;
            }
            if (line.StartsWith(Utf8Bom))
            {
                line = line[Utf8Bom.Length..];
            }
        }
        if (parser.TryParseLine(line, out var row))
        {
            RowsRead++;
            onRow(row);
        }
    }
}
