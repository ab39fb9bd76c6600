using StreamLab.Core.Raw;
using StreamLab.Core.Running;

namespace StreamLab.Collectors.Files;

/// <summary>Follows the frames, samples and events files a record's roles write, into the record's raw sink.</summary>
public sealed class RecordFileFollowerFactory(TimeProvider? clock = null) : IRecordFileFollowerFactory
{
    public IRecordFileFollower FollowFrames(string path, long recordId, IRawSink sink)
    {
        var parser = new FramesCsvParser(path, recordId);
        return Follow(path, parser, row => sink.Add(row), parser.Notes);
    }

    public IRecordFileFollower FollowSamples(string path, long recordId, IRawSink sink) =>
        Follow(path, new SamplesTsvParser(path, recordId), row => sink.Add(row), []);

    public IRecordFileFollower FollowEvents(string path, long recordId, IRawSink sink)
    {
        var parser = new EventsCsvParser(path, recordId);
        return Follow(path, parser, row => sink.Add(row), parser.Notes);
    }

    private RecordFileFollower Follow<TRow>(string path, ILineParser<TRow> parser, Action<TRow> add, IReadOnlyList<string> notes) =>
        new(path, line =>
        {
            if (!parser.TryParseLine(line, out var row))
            {
                return false;
            }
            add(row);
            return true;
        }, parser.Problems, notes, clock);
}
