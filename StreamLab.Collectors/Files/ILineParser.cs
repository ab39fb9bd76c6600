namespace StreamLab.Collectors.Files;

/// <summary>Parses a record file one line at a time, keeping the problems it finds.</summary>
public interface ILineParser<TRow>
{
    /// <summary>Parses the next line (without its newline); true with a row for a valid data line.</summary>
    bool TryParseLine(string line, out TRow row);

    InputProblemLog Problems { get; }
}

/// <summary>Whole-text parsing for any line parser (tests and small inputs; files go through <see cref="LineFeed{TRow}"/>).</summary>
public static class LineParserExtensions
{
    /// <summary>Parses a whole text, returning its valid rows in order; problems go to the parser's log.</summary>
    public static IEnumerable<TRow> ParseAll<TRow>(this ILineParser<TRow> parser, TextReader reader)
    {
        while (reader.ReadLine() is { } line)
        {
            if (parser.TryParseLine(line, out var row))
            {
                yield return row;
            }
        }
    }
}
