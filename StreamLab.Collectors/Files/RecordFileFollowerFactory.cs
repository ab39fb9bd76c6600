using StreamLab.Core.Raw;
using StreamLab.Core.Running;

namespace StreamLab.Collectors.Files;

/// <summary>Follows the frames, samples and events files a record's roles write, into the record's raw sink.</summary>
public sealed class RecordFileFollowerFactory(TimeProvider? clock = null) : IRecordFileFollowerFactory
{
    public IRecordFileFollower FollowFrames(string path, long recordId, IRawSink sink)
    {
        var parser = new FramesCsvParser(path, recordId);
        return new RecordFileFollower(path, line =>
        {
            if (!parser.TryParseLine(line, out var row))
            {
                return false;
            }
            sink.Add(row);
            return true;
        }, parser.Problems, parser.Notes, clock);
    }

    public IRecordFileFollower FollowSamples(string path, long recordId, IRawSink sink)
    {
        var parser = new SamplesTsvParser(path, recordId);
        return new RecordFileFollower(path, line =>
        {
            if (!parser.TryParseLine(line, out var row))
            {
                return false;
            }
            sink.Add(row);
            return true;
        }, parser.Problems, [], clock);
    }

    public IRecordFileFollower FollowEvents(string path, long recordId, IRawSink sink)
    {
        var parser = new EventsCsvParser(path, recordId);
        return new RecordFileFollower(path, line =>
        {
            if (!parser.TryParseLine(line, out var row))
            {
                return false;
            }
            sink.Add(row);
            return true;
        }, parser.Problems, parser.Notes, clock);
    }
}
