using StreamLab.Collectors.Files;

namespace StreamLab.Tests.Collectors.Files;

public sealed class SamplesTsvParserTests
{
    [Fact]
    public void ParseAll_ReadsTimeSeriesAndValue_IncludingLabelsAndSpecialFloats()
    {
        var parser = new SamplesTsvParser("prom.tsv", 7);
        var rows = parser.ParseAll(new StringReader(
            "1000\tqueue_depth{role=\"client\"}\t17\n" +
            "# a comment\n" +
            "2000\tbuffer_level_s\tNaN\n" +
            "3000\tlatency_seconds_bucket{le=\"+Inf\"}\t+Inf\n" +
            "4000\tx\t-2.5e3\n")).ToList();

        Assert.Equal(4, rows.Count);
        Assert.Equal((7L, "queue_depth{role=\"client\"}", 1000L, 17.0), (rows[0].RecordId, rows[0].Series, rows[0].TimeUs, rows[0].Value));
        Assert.True(double.IsNaN(rows[1].Value));
        Assert.Equal(double.PositiveInfinity, rows[2].Value);
        Assert.Equal(-2500, rows[3].Value);
        Assert.Equal(0, parser.Problems.Count);
    }

    [Theory]
    [InlineData("1000\tx", null, "expected 3 tab-separated fields")]
    [InlineData("soon\tx\t1", "wall_us", "'soon' is not an integer")]
    [InlineData("1000\t9bad\t1", "series", "is not a metric name")]
    [InlineData("1000\tx\tlots", "value", "'lots' is not a number")]
    public void TryParseLine_BadLine_IsSkippedAndReportedWithLineAndField(string line, string? field, string message)
    {
        var parser = new SamplesTsvParser("prom.tsv", 1);
        Assert.True(parser.TryParseLine("1\tok\t1", out _));
        Assert.False(parser.TryParseLine(line, out _));
        Assert.True(parser.TryParseLine("3\tok\t3", out _));

        var problem = Assert.Single(parser.Problems.Problems);
        Assert.Equal(("prom.tsv", 2L, field), (problem.File, problem.Line, problem.Field));
        Assert.Contains(message, problem.Message);
    }

    [Theory]
    [InlineData("wall_us\tseries\tvalue")]
    [InlineData("WALL_US\tmetric\tvalue")]
    public void ParseAll_FirstLineNamingTheColumns_IsAHeaderAndSkipped(string header)
    {
        var parser = new SamplesTsvParser("prom.tsv", 7);
        var rows = parser.ParseAll(new StringReader(header + "\n1000\tx\t1\nwall_us\tseries\tvalue\n")).ToList();

        Assert.Equal(1000, Assert.Single(rows).TimeUs);
        Assert.Equal("prom.tsv:3: wall_us: 'wall_us' is not an integer", Assert.Single(parser.Problems.Problems).ToString());
    }
}
