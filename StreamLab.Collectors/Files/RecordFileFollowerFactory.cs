using StreamLab.Core.Raw;
using StreamLab.Core.Running;

namespace StreamLab.Collectors.Files;

/// <summary>
/// Follows the frames, samples and events files a record's roles write, into the record's raw sink, through the
/// same parsers and line rules as an import reads them with (header-less events.csv and prom.tsv included).
/// All followers share one <see cref="FilePoller"/> thread.
/// </summary>
public sealed class RecordFileFollowerFactory : IRecordFileFollowerFactory
{
    private readonly FilePoller _poller = new();

    public IRecordFileFollower FollowFrames(string path, long recordId, IRawSink sink) =>
        Follow(path, new FramesCsvParser(path, recordId), row => sink.Add(row));

    public IRecordFileFollower FollowSamples(string path, long recordId, IRawSink sink) =>
        Follow(path, new SamplesTsvParser(path, recordId), row => sink.Add(row));

    public IRecordFileFollower FollowEvents(string path, long recordId, IRawSink sink) =>
        Follow(path, new EventsCsvParser(path, recordId), row => sink.Add(row));

    private RecordFileFollower Follow<TRow>(string path, LineParser<TRow> parser, Action<TRow> add) =>
        new(path, new LineFeed<TRow>(parser, add), parser.Notes, _poller);
}
