using StreamLab.Collectors.Prometheus;

namespace StreamLab.Tests.Collectors.Prometheus;

public class PrometheusTextParserTests
{
    // The example of the exposition format documentation, with a histogram, a summary and escapes.
    private const string Exposition = """
        # HELP http_requests_total The total number of HTTP requests.
        # TYPE http_requests_total counter
        http_requests_total{method="post",code="200"} 1027 1395066363000
        http_requests_total{method="post",code="400"}    3 1395066363000

        # Escaping in label values:
        msdos_file_access_time_seconds{path="C:\\DIR\\FILE.TXT",error="Cannot find file:\n\"FILE.TXT\""} 1.458255915e9

        # Minimalistic line:
        metric_without_timestamp_and_labels 12.47

        # A weird metric from before the epoch:
        something_weird{problem="division by zero"} +Inf -3982045

        # A histogram, which has a pretty complex representation in the text format:
        # HELP http_request_duration_seconds A histogram of the request duration.
        # TYPE http_request_duration_seconds histogram
        http_request_duration_seconds_bucket{le="0.05"} 24054
        http_request_duration_seconds_bucket{le="0.1"} 33444
        http_request_duration_seconds_bucket{le="+Inf"} 144320
        http_request_duration_seconds_sum 53423
        http_request_duration_seconds_count 144320

        # Finally a summary, which has a complex representation, too:
        # HELP rpc_duration_seconds A summary of the RPC duration in seconds.
        # TYPE rpc_duration_seconds summary
        rpc_duration_seconds{quantile="0.01"} 3102
        rpc_duration_seconds{quantile="0.5"} 4773
        rpc_duration_seconds_sum 1.7560473e+07
        rpc_duration_seconds_count 2693
        gauge_nan NaN
        gauge_neg -Inf
        # EOF
        """;

    [Fact]
    public void Parse_DocumentationExample_YieldsEverySeriesWithCanonicalNames()
    {
        var result = PrometheusTextParser.Parse(Exposition);

        Assert.Empty(result.Problems);
        Assert.True(result.SawEof);
        var values = result.Samples.ToDictionary(s => s.Series, s => s.Value);
        Assert.Equal(16, values.Count);
        Assert.Equal(1027, values["http_requests_total{code=\"200\",method=\"post\"}"]);
        Assert.Equal(3, values["http_requests_total{code=\"400\",method=\"post\"}"]);
        Assert.Equal(1.458255915e9, values["msdos_file_access_time_seconds{error=\"Cannot find file:\\n\\\"FILE.TXT\\\"\",path=\"C:\\\\DIR\\\\FILE.TXT\"}"]);
        Assert.Equal(double.PositiveInfinity, values["something_weird{problem=\"division by zero\"}"]);
        Assert.Equal(144320, values["http_request_duration_seconds_bucket{le=\"+Inf\"}"]);
        Assert.Equal(53423, values["http_request_duration_seconds_sum"]);
        Assert.Equal(4773, values["rpc_duration_seconds{quantile=\"0.5\"}"]);
        Assert.True(double.IsNaN(values["gauge_nan"]));
        Assert.Equal(double.NegativeInfinity, values["gauge_neg"]);
        Assert.Equal("histogram", result.Types["http_request_duration_seconds"]);
        Assert.Equal("histogram", result.Samples.Single(s => s.Name == "http_request_duration_seconds_count").Type);
        Assert.Equal(1395066363000, result.Samples.First().Timestamp);
        Assert.Equal(-3982045, result.Samples.Single(s => s.Name == "something_weird").Timestamp);
    }

    [Fact]
    public void Parse_LabelEscapes_AreDecodedThenReEscapedCanonically()
    {
        var result = PrometheusTextParser.Parse("m{b=\"x\\\\y\", a=\"q\\\"r\\ns\",} 1\n");

        var sample = Assert.Single(result.Samples);
        Assert.Equal("m{a=\"q\\\"r\\ns\",b=\"x\\\\y\"}", sample.Series);
        var key = StreamLab.Core.Metrics.SeriesKey.TryParse(sample.Series, out _)!;
        Assert.Equal("q\"r\ns", key.Labels[0].Value);
        Assert.Equal("x\\y", key.Labels[1].Value);
    }

    [Theory]
    [InlineData("9bad 1", "not a valid metric name")]
    [InlineData("m{a=\"1\" 2", "expected ','")]
    [InlineData("m{a=1} 2", "not quoted")]
    [InlineData("m{a=\"x\\q\"} 2", "unknown escape")]
    [InlineData("m{a=\"x} 2", "closing quote")]
    [InlineData("m{a=\"1\",a=\"2\"} 2", "appears twice")]
    [InlineData("m twelve", "not a number")]
    [InlineData("m 1 soon", "timestamp")]
    [InlineData("m 1 2 3", "expected 'name{labels} value [timestamp]'")]
    [InlineData("m", "has no value")]
    [InlineData("# TYPE m colour", "unknown type")]
    public void Parse_MalformedLine_IsSkippedAndCountedWithReason(string bad, string reason)
    {
        var result = PrometheusTextParser.Parse($"before 1\n{bad}\nafter 2\n");

        var problem = Assert.Single(result.Problems);
        Assert.Equal(2, problem.Line);
        Assert.Contains(reason, problem.Reason);
        Assert.Contains(result.Samples, s => s.Series == "before");
        Assert.Contains(result.Samples, s => s.Series == "after");
    }

    [Fact]
    public void Parse_FormatRuleBreaches_AreReported()
    {
        var result = PrometheusTextParser.Parse("""
            m_total 1
            # TYPE m_total counter
            # TYPE g gauge
            # TYPE g gauge
            g 1
            g 2
            # TYPE h histogram
            h_bucket 3
            # EOF
            late 1
            """);

        Assert.Collection(result.Problems,
            p => Assert.Contains("after its samples", p.Reason),
            p => Assert.Contains("a second TYPE", p.Reason),
            p => Assert.Contains("appears twice", p.Reason),
            p => Assert.Contains("'le' label", p.Reason),
            p => Assert.Contains("after '# EOF'", p.Reason));
    }
}
