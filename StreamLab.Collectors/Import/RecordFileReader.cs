using System.Buffers;
using StreamLab.Collectors.Files;
using StreamLab.Core.Import;
using StreamLab.Core.Running;

namespace StreamLab.Collectors.Import;

/// <summary>
/// Reads one file of a run folder through its parser in 64 kB chunks, within the limits: a regular file only
/// (<see cref="InputFileKind"/>), never past <c>maxBytes</c> or <see cref="ImportLimits.MaxRowsPerFile"/> rows, lines
/// bounded by <see cref="LineFeed{TRow}"/>. Problems go to the parser; what was read is never held here.
/// </summary>
internal static class RecordFileReader
{
    private const int ChunkBytes = 64 * 1024;

    /// <summary>What reading a file found: whether it is there, and its last line when that was cut short.</summary>
    public readonly record struct Outcome(bool Present, InputProblem? CutShort);

    public static Outcome Read<TRow>(string path, LineParser<TRow> parser, Action<TRow> onRow, long maxBytes,
        bool lastLineMayLackNewline, CancellationToken ct)
    {
        if (InputFileKind.Problem(path, out var missing) is { } problem)
        {
            if (missing)
            {
                return new Outcome(false, null);
            }
            parser.FileProblem(problem);
            return new Outcome(true, null);
        }
        var feed = new LineFeed<TRow>(parser, onRow, lastLineMayLackNewline);
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0, FileOptions.SequentialScan);
            long total = 0;
            int read;
            while ((read = stream.Read(buffer, 0, ChunkBytes)) > 0)
            {
                ct.ThrowIfCancellationRequested();
                total += read;
                if (total > maxBytes)
                {
                    parser.FileProblem($"is larger than the limit of {maxBytes:N0} bytes; not read past it");
                    return new Outcome(true, null);
                }
                feed.Push(buffer.AsSpan(0, read));
                if (parser.RowsParsed > ImportLimits.MaxRowsPerFile)
                {
                    parser.FileProblem($"holds more than the limit of {ImportLimits.MaxRowsPerFile:N0} rows; not read past it");
                    return new Outcome(true, null);
                }
                if (parser.FileRefused)
                {
                    return new Outcome(true, null);
                }
            }
            feed.Finish();
            return new Outcome(true, feed.CutShort);
        }
        catch (IOException e)
        {
            parser.FileProblem($"cannot be read: {e.Message}");
            return new Outcome(true, null);
        }
        catch (UnauthorizedAccessException e)
        {
            parser.FileProblem($"cannot be read: {e.Message}");
            return new Outcome(true, null);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
