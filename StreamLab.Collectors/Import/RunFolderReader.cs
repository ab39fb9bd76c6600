using StreamLab.Collectors.Files;
using StreamLab.Core.Import;
using StreamLab.Core.Raw;
using StreamLab.Core.Running;

namespace StreamLab.Collectors.Import;

/// <summary>
/// Reads one harness run folder with the same parsers the runner tails files with:
/// <code>
/// meta.env     BITRATE=32000            (KEY=VALUE, '#' comments, optional quotes, `export ` allowed)
///              T0_US=1717171717000000   (measurement window; derived from the data when absent)
/// frames.csv   recv_wall_us,frame_id,user_timestamp_us,width,height[,size_bytes,…]
/// prom.tsv     1717171717000123&lt;TAB&gt;livekit_nack_total{track="v1"}&lt;TAB&gt;12   (no header)
/// events.csv   1712000003000000,burst_on   (header wall_us,event[,detail] optional)
/// </code>
/// meta.env is required, the three data files are optional but one must exist. It reads a folder twice and holds
/// neither time: <see cref="Scan"/> checks every line and counts rows (the import's decision), and
/// <see cref="Stream"/> hands the rows to the store, refusing a folder that changed in between. Every malformed line
/// is a problem with file, line and reason; a last line cut short is a note, never a problem.
/// </summary>
public static class RunFolderReader
{
    /// <summary>The first reading: problems, notes, row counts and the data's time span; no row is kept.</summary>
    public static RunFolder Scan(string directory, CancellationToken ct = default)
    {
        var dir = Path.GetFullPath(directory);
        var scan = new FolderScan(dir);
        if (!Directory.Exists(dir))
        {
            scan.FolderProblem("no such folder");
            return scan.Result(new Dictionary<string, string>());
        }
        var metaPath = Path.Combine(dir, RunFolderLayout.Meta);
        var meta = new MetaEnvParser(metaPath);
        var metaRead = RecordFileReader.Read(metaPath, meta, _ => { }, ImportLimits.MaxMetaBytes, lastLineMayLackNewline: true, ct);
        if (!metaRead.Present)
        {
            scan.FolderProblem("missing: a run folder needs meta.env (KEY=VALUE lines, T0_US/T1_US for the window)", metaPath);
        }
        scan.AddMeta(meta);
        var t0 = MetaEnvParser.Time(meta.Values, RunFolderLayout.T0Key);
        var t1 = MetaEnvParser.Time(meta.Values, RunFolderLayout.T1Key);
        bool InWindow(long t) => t0 is null || t1 is null || (t >= t0 && t < t1);

        var frames = ReadData(scan, dir, RunFolderLayout.Frames, f => new FramesCsvParser(f, 0), (FrameRow r) =>
        {
            scan.Saw(r.RecvWallUs);
            if (InWindow(r.RecvWallUs)) scan.FramesInWindow++;
        }, ct);
        var samples = ReadData(scan, dir, RunFolderLayout.Samples, f => new SamplesTsvParser(f, 0), (SampleRow r) => scan.Saw(r.TimeUs), ct);
        var events = ReadData(scan, dir, RunFolderLayout.Events, f => new EventsCsvParser(f, 0), (EventRow r) => scan.Saw(r.TimeUs), ct);
        if (!frames && !samples && !events)
        {
            scan.FolderProblem($"none of {RunFolderLayout.Frames}, {RunFolderLayout.Samples}, {RunFolderLayout.Events} is there");
        }
        return scan.Result(meta.Values);
    }

    /// <summary>
    /// The second reading: every valid row of the folder into <paramref name="sink"/> (bad lines skipped, as a lenient
    /// import keeps them out). Throws <see cref="InvalidDataException"/> when a file no longer reads as <see cref="Scan"/> found it.
    /// </summary>
    public static void Stream(RunFolder folder, IRawSink sink, CancellationToken ct)
    {
        foreach (var file in folder.Files)
        {
            (long Rows, long Problems) again = file.Name switch
            {
                RunFolderLayout.Frames => Reread(file, new FramesCsvParser(file.Path, 0), (FrameRow r) => sink.Add(r), ct),
                RunFolderLayout.Samples => Reread(file, new SamplesTsvParser(file.Path, 0), (SampleRow r) => sink.Add(r), ct),
                _ => Reread(file, new EventsCsvParser(file.Path, 0), (EventRow r) => sink.Add(r), ct),
            };
            if (again != (file.Rows, file.Problems))
            {
                throw new InvalidDataException($"{file.Path} changed while it was imported " +
                    $"({file.Rows} rows and {file.Problems} problems at first, {again.Rows} and {again.Problems} now); nothing was stored");
            }
        }
    }

    private static (long, long) Reread<TRow>(ScannedFile file, LineParser<TRow> parser, Action<TRow> onRow, CancellationToken ct)
    {
        RecordFileReader.Read(file.Path, parser, onRow, ImportLimits.MaxFileBytes, lastLineMayLackNewline: false, ct);
        return (parser.RowsParsed, parser.Problems.Count);
    }

    private static bool ReadData<TRow>(FolderScan scan, string dir, string name, Func<string, LineParser<TRow>> create, Action<TRow> onRow, CancellationToken ct)
    {
        var path = Path.Combine(dir, name);
        var parser = create(path);
        var read = RecordFileReader.Read(path, parser, onRow, ImportLimits.MaxFileBytes, lastLineMayLackNewline: false, ct);
        if (read.Present)
        {
            scan.AddFile(name, parser, read.CutShort);
        }
        return read.Present;
    }

    /// <summary>What a scan has found so far.</summary>
    private sealed class FolderScan(string directory)
    {
        private readonly List<InputProblem> _problems = [];
        private readonly List<string> _notes = [];
        private readonly List<ScannedFile> _files = [];
        private long _problemCount;
        private bool _broken;
        private long? _first;
        private long? _last;

        public long FramesInWindow { get; set; }

        public void Saw(long timeUs)
        {
            _first = _first is { } f ? Math.Min(f, timeUs) : timeUs;
            _last = _last is { } l ? Math.Max(l, timeUs) : timeUs;
        }

        public void FolderProblem(string message, string? file = null)
        {
            _problems.Add(new InputProblem(file ?? directory, 0, null, message));
            _problemCount++;
            _broken = true;
        }

        public void AddMeta(MetaEnvParser meta)
        {
            Collect(meta);
            _broken |= meta.Problems.Count > 0; // parameters and window of a folder are never guessed
        }

        public void AddFile<TRow>(string name, LineParser<TRow> parser, InputProblem? cutShort)
        {
            Collect(parser);
            _broken |= parser.FileRefused;
            if (cutShort is not null)
            {
                _notes.Add(cutShort.ToString());
            }
            _files.Add(new ScannedFile(name, parser.File, parser.RowsParsed, parser.Problems.Count));
        }

        public RunFolder Result(IReadOnlyDictionary<string, string> meta)
        {
            long Rows(string name) => _files.Where(f => f.Name == name).Sum(f => f.Rows);
            var counts = new ImportRowCounts(Rows(RunFolderLayout.Frames), FramesInWindow, Rows(RunFolderLayout.Samples), Rows(RunFolderLayout.Events));
            return new RunFolder(directory, meta, _files, counts, _first, _last, _problems, _problemCount, _broken, _notes);
        }

        private void Collect<TRow>(LineParser<TRow> parser)
        {
            _problems.AddRange(parser.Problems.Problems);
            _problemCount += parser.Problems.Count;
            _notes.AddRange(parser.Notes);
        }
    }
}

/// <summary>One data file of a scanned folder: its rows and problems as the scan counted them.</summary>
public sealed record ScannedFile(string Name, string Path, long Rows, long Problems);

/// <summary>
/// What a scan of a run folder found: meta.env, the data files with their row counts, the data's first and last time,
/// and every problem (the first ones kept per file, all counted). <see cref="Broken"/>: no --lenient can import it
/// (meta.env is bad, or a whole file or the folder was refused).
/// </summary>
public sealed record RunFolder(
    string Directory,
    IReadOnlyDictionary<string, string> Meta,
    IReadOnlyList<ScannedFile> Files,
    ImportRowCounts Counts,
    long? FirstUs,
    long? LastUs,
    IReadOnlyList<InputProblem> Problems,
    long ProblemCount,
    bool Broken,
    IReadOnlyList<string> Notes);
