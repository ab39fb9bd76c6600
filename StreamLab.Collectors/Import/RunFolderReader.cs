using System.Globalization;
using System.Text.RegularExpressions;
using StreamLab.Collectors.Files;
using StreamLab.Core.Import;
using StreamLab.Core.Raw;
using StreamLab.Core.Running;
using StreamLab.Core.Storage;

namespace StreamLab.Collectors.Import;

/// <summary>
/// Reads one harness run folder with the same parsers the runner tails files with:
/// <code>
/// meta.env     BITRATE=32000            (KEY=VALUE, '#' comments, optional quotes, `export ` allowed)
///              T0_US=1717171717000000   (measurement window; derived from the data when absent)
/// frames.csv   recv_wall_us,frame_id,user_timestamp_us,width,height[,size_bytes,…]
/// prom.tsv     1717171717000123&lt;TAB&gt;livekit_nack_total{track="v1"}&lt;TAB&gt;12
/// events.csv   wall_us,event[,detail]
/// </code>
/// meta.env is required, the three data files are optional but one must exist. Every malformed
/// line is a problem with file, line and reason.
/// </summary>
public static partial class RunFolderReader
{
    public static RunFolder Read(string directory)
    {
        var dir = Path.GetFullPath(directory);
        var problems = new List<InputProblem>();
        var notes = new List<string>();
        if (!Directory.Exists(dir))
        {
            problems.Add(new InputProblem(dir, 0, null, "no such folder"));
            return new RunFolder(dir, new Dictionary<string, string>(), new RecordRaw([], [], []), problems, 0, notes);
        }
        var meta = ReadMeta(Path.Combine(dir, RunFolderLayout.Meta), problems);
        var framesPath = Path.Combine(dir, RunFolderLayout.Frames);
        var samplesPath = Path.Combine(dir, RunFolderLayout.Samples);
        var eventsPath = Path.Combine(dir, RunFolderLayout.Events);
        if (!File.Exists(framesPath) && !File.Exists(samplesPath) && !File.Exists(eventsPath))
        {
            problems.Add(new InputProblem(dir, 0, null, $"none of {RunFolderLayout.Frames}, {RunFolderLayout.Samples}, {RunFolderLayout.Events} is there"));
        }
        // Problems of meta.env and the folder are all kept; the parsers keep their first 100 but count all.
        long problemCount = problems.Count;
        List<FrameRow> frames = [];
        if (File.Exists(framesPath))
        {
            var parser = new FramesCsvParser(framesPath, 0);
            frames = ParseFile(framesPath, parser.ParseAll);
            problemCount += Collect(parser.Problems, problems);
            notes.AddRange(parser.Notes);
        }
        List<SampleRow> samples = [];
        if (File.Exists(samplesPath))
        {
            var parser = new SamplesTsvParser(samplesPath, 0);
            samples = ParseFile(samplesPath, parser.ParseAll);
            problemCount += Collect(parser.Problems, problems);
        }
        List<EventRow> events = [];
        if (File.Exists(eventsPath))
        {
            var parser = new EventsCsvParser(eventsPath, 0);
            events = ParseFile(eventsPath, parser.ParseAll);
            problemCount += Collect(parser.Problems, problems);
            notes.AddRange(parser.Notes);
        }
        return new RunFolder(dir, meta, new RecordRaw(frames, samples, events), problems, problemCount, notes);
    }

    private static List<T> ParseFile<T>(string path, Func<TextReader, IEnumerable<T>> parse)
    {
        using var reader = new StreamReader(path, System.Text.Encoding.UTF8, true, 1 << 16);
        return parse(reader).ToList();
    }

    private static long Collect(InputProblemLog log, List<InputProblem> into)
    {
        into.AddRange(log.Problems);
        return log.Count;
    }

    private static Dictionary<string, string> ReadMeta(string path, List<InputProblem> problems)
    {
        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            problems.Add(new InputProblem(path, 0, null, "missing: a run folder needs meta.env (KEY=VALUE lines, T0_US/T1_US for the window)"));
            return meta;
        }
        var number = 0;
        foreach (var raw in File.ReadLines(path))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            if (line.StartsWith("export ", StringComparison.Ordinal))
            {
                line = line["export ".Length..].TrimStart();
            }
            var eq = line.IndexOf('=');
            if (eq <= 0)
            {
                problems.Add(new InputProblem(path, number, null, $"expected KEY=VALUE, found '{raw}'"));
                continue;
            }
            var key = line[..eq].Trim();
            var value = line[(eq + 1)..].Trim();
            if (!KeyPattern().IsMatch(key))
            {
                problems.Add(new InputProblem(path, number, key, "is not a valid key ([A-Za-z_][A-Za-z0-9_]*)"));
                continue;
            }
            if (value.Length >= 2 && value[0] == value[^1] && value[0] is '"' or '\'')
            {
                value = value[1..^1];
            }
            if (!meta.TryAdd(key, value))
            {
                problems.Add(new InputProblem(path, number, key, "is set twice"));
            }
        }
        foreach (var key in new[] { RunFolderLayout.T0Key, RunFolderLayout.T1Key })
        {
            if (meta.TryGetValue(key, out var text) && !long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
            {
                problems.Add(new InputProblem(path, 0, key, $"'{text}' is not an integer (µs since the epoch)"));
            }
        }
        if (meta.TryGetValue(RunFolderLayout.StatusKey, out var status) && !Enum.TryParse<RecordStatus>(status, true, out _))
        {
            problems.Add(new InputProblem(path, 0, RunFolderLayout.StatusKey, $"'{status}' is not one of {string.Join(", ", Enum.GetNames<RecordStatus>()).ToLowerInvariant()}"));
        }
        return meta;
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex KeyPattern();
}

/// <summary>What a run folder held: meta.env, the parsed rows, and every problem found (the first ones kept per file).</summary>
public sealed record RunFolder(
    string Directory,
    IReadOnlyDictionary<string, string> Meta,
    RecordRaw Raw,
    IReadOnlyList<InputProblem> Problems,
    long ProblemCount,
    IReadOnlyList<string> Notes);
