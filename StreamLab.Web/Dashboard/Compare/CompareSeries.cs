using StreamLab.Core.Storage;

namespace StreamLab.Web.Dashboard.Compare;

/// <summary>
/// The baseline's and the candidate's time series of one pair on shared charts (latency, fps, CPU, and the vod
/// buffer and throughput), x in seconds since each record started, event windows of both shaded and labelled by side.
/// </summary>
public static class CompareSeries
{
    private const string BaselineColour = "#1976d2";
    private const string CandidateColour = "#e65100";
    private static readonly string[] SampleFamilies = ["cpu_pct", "buffer_s", "throughput_mbps", "queue_depth"];

    public static IReadOnlyList<ChartSpec> Build(string baselineLabel, RecordView baseline, RecordRaw baselineRaw,
        string candidateLabel, RecordView candidate, RecordRaw candidateRaw)
    {
        var sides = new[] { (Label: baselineLabel, Record: baseline, Raw: baselineRaw, Colour: BaselineColour),
            (Label: candidateLabel, Record: candidate, Raw: candidateRaw, Colour: CandidateColour) };
        var windows = sides.SelectMany(s => RecordCharts.Windows(s.Raw.Events, Seconds(s.Record))
            .Select(w => w with { Label = $"{s.Label}: {w.Label}" })).ToList();
        var charts = new List<ChartSpec>();

        var latency = sides.Select(s => Latency(s.Record, s.Raw)).ToList();
        if (latency.Any(t => t is not null))
        {
            charts.Add(new ChartSpec("Per-frame latency", "seconds since start", "ms",
                Traces(sides.Select(s => s.Label).ToList(), sides.Select(s => s.Colour).ToList(), latency), windows));
        }
        if (sides.Any(s => s.Raw.Frames.Count > 0))
        {
            var fps = sides.Select(s => s.Raw.Frames.Count == 0 ? null : (IReadOnlyList<(double, double)>)s.Raw.Frames
                .GroupBy(f => Math.Floor(Seconds(s.Record)(f.RecvWallUs))).OrderBy(g => g.Key).Select(g => (g.Key, (double)g.Count())).ToList()).ToList();
            charts.Add(new ChartSpec("Frames received per second", "seconds since start", "fps",
                Traces(sides.Select(s => s.Label).ToList(), sides.Select(s => s.Colour).ToList(), fps), windows));
        }
        foreach (var family in SampleFamilies)
        {
            var traces = new List<ChartTrace>();
            foreach (var s in sides)
            {
                var seconds = Seconds(s.Record);
                foreach (var series in s.Raw.Samples.Where(x => x.Series.Split('{', 2)[0] == family).GroupBy(x => x.Series).OrderBy(g => g.Key, StringComparer.Ordinal))
                {
                    var suffix = series.Key.Contains('{', StringComparison.Ordinal) ? " " + series.Key[series.Key.IndexOf('{', StringComparison.Ordinal)..] : "";
                    traces.Add(RecordCharts.Trace(s.Label + suffix, series.Select(x => (seconds(x.TimeUs), x.Value)).ToList()) with { Color = s.Colour });
                }
            }
            if (traces.Count > 0)
            {
                var title = family == "cpu_pct" ? "CPU per role (100 = one core)" : family;
                charts.Add(new ChartSpec(title, "seconds since start", Core.Metrics.MetricCatalogue.Describe(family).Unit, traces, windows));
            }
        }
        return charts;
    }

    private static Func<long, double> Seconds(RecordView record)
    {
        var origin = record.StartedAt.ToUnixTimeMilliseconds() * 1000;
        return us => (us - origin) / 1e6;
    }

    private static IReadOnlyList<(double, double)>? Latency(RecordView record, RecordRaw raw)
    {
        var seconds = Seconds(record);
        var stamped = raw.Frames.Where(f => f.UserTimestampUs is not null).Select(f => (seconds(f.RecvWallUs), (f.RecvWallUs - f.UserTimestampUs!.Value) / 1000.0)).ToList();
        return stamped.Count == 0 ? null : stamped;
    }

    private static List<ChartTrace> Traces(IReadOnlyList<string> labels, IReadOnlyList<string> colours, IReadOnlyList<IReadOnlyList<(double, double)>?> points)
    {
        var traces = new List<ChartTrace>();
        for (var i = 0; i < labels.Count; i++)
        {
            if (points[i] is { } p)
            {
                traces.Add(RecordCharts.Trace(labels[i], p) with { Color = colours[i] });
            }
        }
        return traces;
    }
}
