using StreamLab.Collectors.Files;
using StreamLab.Collectors.Import;
using StreamLab.Collectors.Prometheus;
using StreamLab.Core.Import;
using StreamLab.Core.Raw;
using Xunit.Abstractions;

namespace StreamLab.Tests.Collectors.Fuzz;

/// <summary>
/// 10,000 generated inputs to each record-file parser, fed as the importer and the follower feed them (bytes in
/// chunks of random size through <see cref="LineFeed{TRow}"/>), and to the Prometheus text parser: no input crashes
/// a parser, none takes over <see cref="FuzzRun.PerInput"/>, none allocates over <see cref="FuzzRun.MaxAllocatedPerInput"/>,
/// and every row a parser accepts is one its consumers can store. Seeded: a failure names an input that comes back.
/// </summary>
[Trait("Category", "Slow")]
public sealed class ParserFuzzTests(ITestOutputHelper output)
{
    private const int Inputs = 10_000;

    private static void Feed<TRow>(byte[] input, LineParser<TRow> parser, Action<TRow> check, Random chunks, bool meta = false)
    {
        var rows = 0L;
        var feed = new LineFeed<TRow>(parser, row =>
        {
            check(row);
            rows++;
        }, meta);
        for (var at = 0; at < input.Length;)
        {
            var size = Math.Min(input.Length - at, chunks.Next(1, 70_000));
            feed.Push(input.AsSpan(at, size));
            at += size;
        }
        feed.Finish();
        Assert.Equal(parser.RowsParsed, rows);
        Assert.True(parser.Problems.Problems.Count <= ImportLimits.MaxProblemsListed);
        Assert.True(parser.Problems.Count >= parser.Problems.Problems.Count);
    }

    private FuzzFigures Report(FuzzFigures figures)
    {
        output.WriteLine(figures.ToString());
        return figures;
    }

    [Fact]
    public void FramesCsv_10000Inputs_NoCrashHangOrRunawayMemory()
    {
        var chunks = new Random(1);
        Report(FuzzRun.Run("frames.csv", new InputMutator(FuzzSeeds.Frames(), 11), Inputs, input =>
            Feed(input, new FramesCsvParser("frames.csv", 1), (FrameRow f) => Assert.True(f.Width >= 0 && f.Height >= 0), chunks)));
    }

    [Fact]
    public void EventsCsv_10000Inputs_NoCrashHangOrRunawayMemory()
    {
        var chunks = new Random(2);
        Report(FuzzRun.Run("events.csv", new InputMutator(FuzzSeeds.Events(), 12), Inputs, input =>
            Feed(input, new EventsCsvParser("events.csv", 1), (EventRow e) =>
            {
                Assert.False(string.IsNullOrEmpty(e.Kind));
                Assert.DoesNotContain('\0', e.Kind + e.Detail);
            }, chunks)));
    }

    [Fact]
    public void PromTsv_10000Inputs_NoCrashHangOrRunawayMemory()
    {
        var chunks = new Random(3);
        Report(FuzzRun.Run("prom.tsv", new InputMutator(FuzzSeeds.Samples(), 13), Inputs, input =>
            Feed(input, new SamplesTsvParser("prom.tsv", 1), (SampleRow s) => Assert.True(s.Series.Length > 0 && !s.Series.Contains('\t')), chunks)));
    }

    [Fact]
    public void MetaEnv_10000Inputs_NoCrashHangOrRunawayMemory()
    {
        var chunks = new Random(4);
        Report(FuzzRun.Run("meta.env", new InputMutator(FuzzSeeds.Meta(), 14), Inputs, input =>
        {
            var parser = new MetaEnvParser("meta.env");
            Feed(input, parser, (KeyValuePair<string, string> kv) => Assert.Matches("^[A-Za-z_][A-Za-z0-9_]*$", kv.Key), chunks, meta: true);
            Assert.True(parser.Values.Count <= ImportLimits.MaxMetaKeys);
            if (parser.Values.TryGetValue(RunFolderLayout.StatusKey, out _))
            {
                Assert.Contains(MetaEnvParser.Status(parser.Values), StreamLab.Core.Storage.RecordStatusNames.Finished);
            }
        }));
    }

    [Fact]
    public void PrometheusText_10000Inputs_NoCrashHangOrRunawayMemory()
    {
        Report(FuzzRun.Run("Prometheus text", new InputMutator(FuzzSeeds.Prometheus(), 15), Inputs, input =>
        {
            var exposition = PrometheusTextParser.Parse(System.Text.Encoding.UTF8.GetString(input));
            Assert.True(exposition.Problems.Count <= ImportLimits.MaxProblemsListed);
            Assert.All(exposition.Samples, s => Assert.True(StreamLab.Core.Metrics.SeriesKey.IsMetricName(s.Name)));
        }));
    }
}
