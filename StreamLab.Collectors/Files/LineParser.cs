using System.Text;
using StreamLab.Core.Import;
using StreamLab.Core.Running;

namespace StreamLab.Collectors.Files;

/// <summary>
/// What every record-file parser shares, whether it reads an imported file or follows one a role writes: line
/// numbers, the problem log (the first <see cref="InputProblemLog.Capacity"/> kept, all counted), notes, and the
/// line-level rules: a line holding a NUL is refused, a line over <see cref="ImportLimits.MaxLineBytes"/> is skipped
/// unread (<see cref="SkipTooLong"/>), and a last line cut short is skipped and reported (<see cref="SkipCutShort"/>).
/// </summary>
public abstract class LineParser<TRow>(string file) : ILineParser<TRow>
{
    private const int QuotedChars = 80;
    private readonly List<string> _notes = [];

    public string File { get; } = file;

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
        if (line.Contains('\0'))
        {
            return Problem(null, "holds a NUL character (is this a text file?)");
        }
        if (!ParseLine(line, out row))
        {
            return false;
        }
        RowsParsed++;
        return true;
    }

    /// <summary>Parses the next line given as UTF-8 bytes (invalid sequences become U+FFFD and then fail as values would).</summary>
    public bool TryParseLine(ReadOnlySpan<byte> utf8, out TRow row) => TryParseLine(Encoding.UTF8.GetString(utf8), out row);

    /// <summary>Counts a line too long to read, as a problem; its bytes were never held.</summary>
    public void SkipTooLong(long bytes) =>
        AddProblem(++LineNumber, null, $"is {bytes:N0} bytes long, over the limit of {ImportLimits.MaxLineBytes:N0}: skipped");

    /// <summary>Counts a last line that has no newline (its writer stopped mid-line) and returns how to report it.</summary>
    public InputProblem SkipCutShort() =>
        new(File, ++LineNumber, null, "the last line has no newline (cut short: the writer stopped mid-line); skipped");

    /// <summary>True once the whole file was refused (<see cref="FileProblem"/>): not a folder to import even leniently.</summary>
    public bool FileRefused { get; private set; }

    /// <summary>A problem with the whole file (line 0): not text, too big, too many rows, not a regular file.</summary>
    public void FileProblem(string message)
    {
        FileRefused = true;
        AddProblem(0, null, message);
    }

    /// <summary>Reads one line that is not a blank; true with a row.</summary>
    protected abstract bool ParseLine(string line, out TRow row);

    protected void Note(string note) => _notes.Add(note);

    /// <summary>Records a problem on the current line; returns false so callers can <c>return Problem(...)</c>.</summary>
    protected bool Problem(string? field, string message)
    {
        AddProblem(LineNumber, field, message);
        return false;
    }

    /// <summary><c>'text'</c>, shortened: a problem quotes what it found, never a whole 64 kB field.</summary>
    protected static string Quote(string text) =>
        text.Length <= QuotedChars ? $"'{text}'" : $"'{text[..QuotedChars]}…' ({text.Length:N0} characters)";

    private void AddProblem(long line, string? field, string message) => Problems.Add(new InputProblem(File, line, field, message));
}
