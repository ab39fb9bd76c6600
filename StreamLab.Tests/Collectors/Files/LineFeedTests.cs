using System.Text;
using StreamLab.Collectors.Files;
using StreamLab.Core.Import;
using StreamLab.Core.Raw;

namespace StreamLab.Tests.Collectors.Files;

/// <summary>The line rules every record file is read with, by the importer and the follower alike.</summary>
public sealed class LineFeedTests
{
    private readonly List<EventRow> _rows = [];

    private LineFeed<EventRow> Feed(out EventsCsvParser parser)
    {
        parser = new EventsCsvParser("events.csv", 1);
        return new LineFeed<EventRow>(parser, _rows.Add);
    }

    [Fact]
    public void Push_LineOverTheLimit_IsSkippedAsAProblem_AndTheNextLinesStillParse()
    {
        var feed = Feed(out var parser);
        feed.Push("1,burst_on\n2,"u8);
        // 10 MB more of the same line, in pieces: never held (the partial line stops growing at the limit).
        var piece = new byte[1 << 20];
        Array.Fill(piece, (byte)'x');
        for (var i = 0; i < 10; i++) feed.Push(piece);
        feed.Push("\n3,burst_off\n"u8);
        feed.Finish();

        Assert.Equal([1L, 3L], _rows.Select(r => r.TimeUs));
        var problem = Assert.Single(parser.Problems.Problems);
        Assert.Equal(2, problem.Line);
        Assert.Contains($"over the limit of {ImportLimits.MaxLineBytes:N0}", problem.Message);
        Assert.Contains("10,485,762 bytes", problem.Message);
    }

    [Fact]
    public void Finish_LastLineWithoutNewline_IsCutShortAndSkipped_NotAProblem()
    {
        var feed = Feed(out var parser);
        feed.Push("1,burst_on\n2,burst_o"u8);
        feed.Finish();

        Assert.Equal([1L], _rows.Select(r => r.TimeUs));
        Assert.Equal(0, parser.Problems.Count);
        Assert.Equal(2, feed.CutShort?.Line);
        Assert.Contains("cut short", feed.CutShort?.Message);
    }

    [Fact]
    public void Finish_MetaStyleFile_TakesALastLineWithoutNewlineAsComplete()
    {
        var parser = new EventsCsvParser("events.csv", 1);
        var feed = new LineFeed<EventRow>(parser, _rows.Add, lastLineMayLackNewline: true);
        feed.Push("1,burst_on\n2,burst_off"u8);
        feed.Finish();

        Assert.Equal([1L, 2L], _rows.Select(r => r.TimeUs));
        Assert.Null(feed.CutShort);
    }

    [Fact]
    public void Push_LinesSplitAcrossChunksAndCrlf_ParseAsWhole()
    {
        var feed = Feed(out var parser);
        foreach (var b in "\uFEFFwall_us,event\r\n10,stall\r\n20,stall_end\r\n"u8.ToArray()) feed.Push([b]);
        feed.Finish();

        Assert.Equal([10L, 20L], _rows.Select(r => r.TimeUs));
        Assert.Equal(0, parser.Problems.Count);
    }

    [Fact]
    public void Push_NulByteOrUtf16_AreProblemsWithTheirLine()
    {
        var feed = Feed(out var parser);
        feed.Push("1,burst_on\n2,bur\0st\n"u8);
        Assert.Equal("events.csv:2: holds a NUL character (is this a text file?)", Assert.Single(parser.Problems.Problems).ToString());

        var utf16 = Feed(out var utf16Parser);
        utf16.Push(Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("1,burst_on\n2,burst_off\n")).ToArray());
        utf16.Finish();
        Assert.Equal("events.csv:0: is UTF-16 text; save it as UTF-8", Assert.Single(utf16Parser.Problems.Problems).ToString());
        Assert.True(utf16Parser.FileRefused);
    }

    [Fact]
    public void Problems_QuoteAtMost80CharactersOfWhatTheyFound()
    {
        var feed = Feed(out var parser);
        feed.Push(Encoding.UTF8.GetBytes(new string('9', 30_000) + "x,burst_on\n"));

        var problem = Assert.Single(parser.Problems.Problems);
        Assert.Equal("wall_us", problem.Field);
        Assert.True(problem.Message.Length < 150, problem.Message);
        Assert.Contains("(30,001 characters)", problem.Message);
    }
}
