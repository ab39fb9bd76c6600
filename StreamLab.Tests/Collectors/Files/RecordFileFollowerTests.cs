using StreamLab.Collectors.Files;
using StreamLab.Core.Raw;

namespace StreamLab.Tests.Collectors.Files;

[Trait("Category", "Slow")]
public sealed class RecordFileFollowerTests : IDisposable
{
    private const string Header = "recv_wall_us,frame_id,user_timestamp_us,width,height\n";
    private readonly TempDir _dir = new();
    private readonly MemorySink _sink = new();
    private readonly RecordFileFollowerFactory _followers = new();

    public void Dispose() => _dir.Dispose();

    private static void Append(string path, string text) => File.AppendAllText(path, text);

    private static Task<int> CountEventually(Func<int> count, int expected) =>
        Processes.ProcFacts.EventuallyAsync(count, c => c >= expected, TimeSpan.FromSeconds(3));

    [Fact]
    public async Task Follow_FileWrittenIncrementally_WaitsForTheEndOfAHalfWrittenLine()
    {
        var path = _dir.File("frames.csv");
        await using var follower = _followers.FollowFrames(path, 9, _sink);
        Append(path, Header + "1000,1,900,640,480\n1001,2,9");

        await CountEventually(() => _sink.Frames.Count, 1);
        await Task.Delay(400); // several polls: the partial line must still be waiting
        Assert.Single(_sink.Frames);

        Append(path, "01,640,480\n");
        await CountEventually(() => _sink.Frames.Count, 2);

        Assert.Equal([new FrameRow(9, 1000, 1, 900, 640, 480), new FrameRow(9, 1001, 2, 901, 640, 480)], _sink.Frames);
        Assert.Equal(2, follower.RowsRead);
    }

    [Fact]
    public async Task Follow_FileCreatedLater_IsPickedUp()
    {
        var path = _dir.File("late.csv");
        await using var follower = _followers.FollowFrames(path, 1, _sink);
        await Task.Delay(300);
        Append(path, Header + "1000,1,,640,480\n");

        Assert.Equal(1, await CountEventually(() => _sink.Frames.Count, 1));
    }

    [Fact]
    public async Task Drain_LastLineWithoutNewline_WasCutShort_IsReportedAndSkipped()
    {
        // A role killed mid-write: "1001,2,901,640,48" would otherwise be stored as a 48-line frame.
        var path = _dir.File("frames.csv");
        Append(path, Header + "1000,1,900,640,480\n1001,2,901,640,48");
        await using var follower = _followers.FollowFrames(path, 9, _sink);

        await follower.DrainAsync();

        Assert.Equal(1, follower.RowsRead);
        Assert.Equal([1L], _sink.Frames.Select(f => f.FrameId));
        var problem = Assert.Single(follower.Problems);
        Assert.Equal(3, problem.Line);
        Assert.Contains("cut short", problem.Message);
    }

    [Fact]
    public async Task FollowEventsAndSamples_HeaderlessHarnessFiles_RowsReachTheSink()
    {
        var events = _dir.File("events.csv");
        var samples = _dir.File("prom.tsv");
        await using var eventFollower = _followers.FollowEvents(events, 5, _sink);
        await using var sampleFollower = _followers.FollowSamples(samples, 5, _sink);
        Append(events, "10,burst_on\n");
        Append(samples, "10\tnack_total{track=\"v\"}\t3\n");
        await CountEventually(() => _sink.Events.Count, 1);
        Append(events, "20,burst_off\n");
        await eventFollower.DrainAsync();
        await sampleFollower.DrainAsync();

        Assert.Equal([new EventRow(5, 10, "burst_on", null), new EventRow(5, 20, "burst_off", null)], _sink.Events);
        Assert.Equal(3, Assert.Single(_sink.Samples).Value);
        Assert.Empty(eventFollower.Problems);
    }

    [Fact]
    public async Task Follow_LineOverTheLimit_IsSkippedWithoutBeingHeld()
    {
        var path = _dir.File("events.csv");
        await using var follower = _followers.FollowEvents(path, 5, _sink);
        Append(path, "10,burst_on\n20," + new string('x', 3 * StreamLab.Core.Import.ImportLimits.MaxLineBytes));
        await CountEventually(() => _sink.Events.Count, 1);
        Append(path, "\n30,burst_off\n");
        await follower.DrainAsync();

        Assert.Equal([10L, 30L], _sink.Events.Select(e => e.TimeUs));
        Assert.Contains("over the limit", Assert.Single(follower.Problems).Message);
    }

    [Fact]
    public async Task Drain_MalformedLines_AreReportedWithLineNumbersAndFieldNames()
    {
        var path = _dir.File("frames.csv");
        Append(path, Header + "1000,1,900,640,480\n1001,2,901,wide,480\n1002,3\n1003,4,903,640,480\n");
        await using var follower = _followers.FollowFrames(path, 9, _sink);

        await follower.DrainAsync();

        Assert.Equal(2, follower.RowsRead);
        Assert.Equal([$"{path}:3: width: 'wide' is not an integer", $"{path}:4: expected 5 fields, found 2"],
            follower.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public async Task Drain_FileNeverCreated_IsAProblem()
    {
        var path = _dir.File("missing.csv");
        await using var follower = _followers.FollowEvents(path, 1, _sink);
        await follower.DrainAsync();

        Assert.Equal("the file was never created", Assert.Single(follower.Problems).Message);
    }

    [Fact]
    public async Task FollowEvents_RowsReachTheSink()
    {
        var path = _dir.File("events.csv");
        await using var follower = _followers.FollowEvents(path, 5, _sink);
        Append(path, "wall_us,event\n10,burst_on\n");
        await CountEventually(() => _sink.Events.Count, 1);
        Append(path, "20,burst_off\n");
        await follower.DrainAsync();

        Assert.Equal([new EventRow(5, 10, "burst_on", null), new EventRow(5, 20, "burst_off", null)], _sink.Events);
    }
}
