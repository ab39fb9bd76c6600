using StreamLab.Collectors.Files;
using StreamLab.Core.Raw;

namespace StreamLab.Tests.Collectors.Files;

public sealed class CsvParserTests
{
    private static List<FrameRow> Frames(string text, out FramesCsvParser parser)
    {
        parser = new FramesCsvParser("frames.csv", 7);
        return [.. parser.ParseAll(new StringReader(text))];
    }

    [Fact]
    public void Frames_ColumnsInAnyOrderWithOptionalOnes_AreParsed()
    {
        var rows = Frames("height,width,frame_id,recv_wall_us,user_timestamp_us,psnr_db,size_bytes\r\n720,1280,42,1000,900,inf,18234\r\n", out var parser);

        Assert.Equal([new FrameRow(7, 1000, 42, 900, 1280, 720, 18234, PsnrDb: double.PositiveInfinity)], rows);
        Assert.Empty(parser.Problems.Problems);
        Assert.Empty(parser.Notes);
    }

    [Fact]
    public void Frames_SsimColumn_IsParsedAndAnEmptyCellIsNull()
    {
        var rows = Frames("recv_wall_us,frame_id,user_timestamp_us,width,height,psnr_db,ssim\n1000,10,900,640,480,38.50,0.97125\n1033,11,933,640,480,,\n", out var parser);
        Assert.Equal([0.97125, null], rows.Select(r => r.Ssim));
        Assert.Empty(parser.Problems.Problems);
    }

    [Fact]
    public void Frames_EmptyUserTimestamp_IsNull()
    {
        var rows = Frames("recv_wall_us,frame_id,user_timestamp_us,width,height\n1000,1,,640,480\n", out _);
        Assert.Null(Assert.Single(rows).UserTimestampUs);
    }

    [Fact]
    public void Frames_UnknownColumns_AreIgnoredWithANoteNotAProblem()
    {
        var rows = Frames("recv_wall_us,frame_id,user_timestamp_us,width,height,gop,codec\n1000,1,2,640,480,30,h264\n1001,2,3,640,480,30,h264\n", out var parser);

        Assert.Equal(2, rows.Count);
        Assert.Equal(0, parser.Problems.Count);
        Assert.Equal(["frames.csv: ignoring unknown columns gop,codec"], parser.Notes);
    }

    [Fact]
    public void Frames_MalformedLines_AreSkippedAndReportedWithLineAndField()
    {
        var rows = Frames(
            "recv_wall_us,frame_id,user_timestamp_us,width,height\n" +
            "1000,1,2,640,480\n" +
            "1001,two,3,640,480\n" +
            "1002,3,4,640\n" +
            "\n" +
            "1003,4,5,640,480,extra\n" +
            "1004,5,,,480\n" +
            "1005,6,7,640,480\n", out var parser);

        Assert.Equal([1L, 6L], rows.Select(r => r.FrameId));
        Assert.Equal(
            [
                "frames.csv:3: frame_id: 'two' is not an integer",
                "frames.csv:4: expected 5 fields, found 4",
                "frames.csv:6: expected 5 fields, found 6",
                "frames.csv:7: width: is empty",
            ],
            parser.Problems.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void Frames_MissingHeader_IsAProblemOnEveryLineUntilOneAppears()
    {
        var rows = Frames("1000,1,2,640,480\n1001,2,3,640,480\n", out var parser);

        Assert.Empty(rows);
        var problem = parser.Problems.Problems[0];
        Assert.Equal(1, problem.Line);
        Assert.Equal("recv_wall_us", problem.Field);
        Assert.StartsWith("missing header", problem.Message);
        Assert.Equal(2, parser.Problems.Count);
    }

    [Fact]
    public void Problems_BeyondTheCap_AreCountedButNotKept()
    {
        var text = "recv_wall_us,frame_id,user_timestamp_us,width,height\n" + string.Concat(Enumerable.Repeat("x,1,2,3,4\n", 250));
        Frames(text, out var parser);

        Assert.Equal(250, parser.Problems.Count);
        Assert.Equal(InputProblemLog.Capacity, parser.Problems.Problems.Count);
    }

    [Fact]
    public void Events_WithQuotedDetailAndWithout_BecomeEventRows()
    {
        var parser = new EventsCsvParser("events.csv", 3);
        var rows = parser.ParseAll(new StringReader("wall_us,event,detail\n10,burst_on,\"loss=5%, delay=80ms\"\n20,burst_off,\n30,,x\n")).ToList();

        Assert.Equal([new EventRow(3, 10, "burst_on", "loss=5%, delay=80ms"), new EventRow(3, 20, "burst_off", null)], rows);
        Assert.Equal("events.csv:4: event: is empty", Assert.Single(parser.Problems.Problems).ToString());
    }

    [Fact]
    public void Events_WithoutDetailColumn_AreParsed()
    {
        var parser = new EventsCsvParser("events.csv", 3);
        var rows = parser.ParseAll(new StringReader("wall_us,event\n10,stall\n")).ToList();
        Assert.Equal([new EventRow(3, 10, "stall", null)], rows);
    }

    [Fact]
    public void Events_WithoutHeader_AsTheHarnessWritesThem_AreReadAsWallUsEventDetail()
    {
        var parser = new EventsCsvParser("events.csv", 3);
        var rows = parser.ParseAll(new StringReader("1712000003000000,burst_on\n1712000004000000,burst_off,loss=20%\n12x,stall\n")).ToList();

        Assert.Equal([new EventRow(3, 1712000003000000, "burst_on", null), new EventRow(3, 1712000004000000, "burst_off", "loss=20%")], rows);
        Assert.True(parser.Headerless);
        Assert.Equal("events.csv:3: wall_us: '12x' is not an integer", Assert.Single(parser.Problems.Problems).ToString());
    }

    [Fact]
    public void Events_HeaderRecognisedByItsNames_InAnyOrder_AndAHalfHeaderIsAProblem()
    {
        var parser = new EventsCsvParser("events.csv", 3);
        Assert.Equal([new EventRow(3, 10, "stall", null)], parser.ParseAll(new StringReader("event,wall_us\nstall,10\n")).ToList());
        Assert.False(parser.Headerless);

        var half = new EventsCsvParser("events.csv", 3);
        Assert.Empty(half.ParseAll(new StringReader("wall_us,name\n10,stall\n")).ToList());
        Assert.StartsWith("missing header", half.Problems.Problems[0].Message);
    }

    [Fact]
    public void Frames_StillNeedTheirHeader_TheirColumnsHaveNoOneOrder()
    {
        var parser = new FramesCsvParser("frames.csv", 7);
        Assert.Empty(parser.ParseAll(new StringReader("1000,1,2,640,480\n")).ToList());
        Assert.StartsWith("missing header", Assert.Single(parser.Problems.Problems).Message);
    }
}
