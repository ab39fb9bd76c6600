using StreamLab.Core.Charts;
using StreamLab.Core.Metrics;
using StreamLab.Core.Raw;
using StreamLab.Core.Storage;

namespace StreamLab.Web.Dashboard;

/// <summary>The charts of one record, built from its raw rows on the server; x is seconds since the record started.</summary>
public static class RecordCharts
{
    private static readonly (string On, string Off)[] WindowPairs = [("_on", "_off"), ("_start", "_end"), ("_begin", "_end")];
    private static readonly string[] Palette = ["rgba(255,152,0,0.18)", "rgba(156,39,176,0.15)", "rgba(0,150,136,0.15)", "rgba(233,30,99,0.15)"];
    private const int MaxMarkers = 200;

    public static IReadOnlyList<ChartSpec> Build(RecordView record, RecordRaw raw) => Build(record, RecordChartData.From(record, raw));

    /// <summary>Every chart of the record over one shared x range (the record's start to its end or last row).</summary>
    public static IReadOnlyList<ChartSpec> Build(RecordView record, RecordChartData raw)
    {
        var originUs = record.StartedAt.ToUnixTimeMilliseconds() * 1000;
        double Seconds(long us) => (us - originUs) / 1e6;
        var windows = Windows(raw.Events, Seconds).ToList();
        if (record.T0Us is { } t0 && t0 > originUs)
        {
            windows.Insert(0, new ChartWindow(0, Seconds(t0), "warm-up", "rgba(120,120,120,0.12)"));
        }
        var kinds = raw.Events.Select(e => e.Kind).ToHashSet(StringComparer.Ordinal);
        var markers = raw.Events.Where(e => !IsWindowEdge(e.Kind, kinds)).Take(MaxMarkers)
            .Select(e => new ChartMarker(Seconds(e.TimeUs), e.Detail is null ? e.Kind : $"{e.Kind}: {e.Detail}")).ToList();
        // Imported records start at T0 with rows before it (their warm-up): the range starts at the earliest row then.
        var from = Math.Min(0, Seconds(FirstUs(raw, originUs)));
        double[] range = [from, Math.Max(Seconds(LastUs(record, raw, originUs)), from + 1e-3)];

        var charts = new List<ChartSpec>();
        if (Latency(raw.Frames) is { } latency)
        {
            charts.Add(latency with { Windows = windows, Markers = markers });
        }
        if (raw.Frames.FramesPerSecond is { } fps)
        {
            charts.Add(FramesPerSecond(fps) with { Windows = windows, Markers = markers });
        }
        if (QualityChart.Build(raw.Quality, Seconds) is { } quality)
        {
            charts.Add(quality with { Windows = windows, Markers = markers });
        }
        foreach (var family in raw.Samples.GroupBy(s => Family(s.Series)).OrderBy(g => FamilyOrder(g.Key)).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            var counter = CounterRates.IsCounter(family.Key);
            // System memory is GBs next to a role's MBs: it gets its own axis on the right so both stay readable.
            var traces = family.GroupBy(s => s.Series).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(series => Trace(Label(series.Key), counter
                        ? CounterRates.Rates(series.ToArray()).ConvertAll(r => (Seconds(r.TimeUs), r.Rate))
                        : series.Select(s => (Seconds(s.TimeUs), s.Value)).ToList())
                    with { SecondaryY = series.Key == SeriesNames.SystemMemMb })
                .ToList();
            var (title, unit) = FamilyTitle(family.Key);
            if (counter)
            {
                (title, unit) = ($"{family.Key}: rate per second (a counter)", "/s");
            }
            var y2 = traces.Any(t => t.SecondaryY) && traces.Any(t => !t.SecondaryY) ? "system used MB" : null;
            charts.Add(new ChartSpec(title, "seconds since start", unit, traces, windows, markers, Y2Title: y2)
                with { Traces = y2 is null ? traces.Select(t => t with { SecondaryY = false }).ToList() : traces });
        }
        return charts.ConvertAll(c => c with { XRange = range });
    }

    private static long FirstUs(RecordChartData raw, long originUs)
    {
        var first = originUs;
        if (raw.Frames.Count > 0) first = Math.Min(first, raw.Frames.FirstRecvUs);
        if (raw.Samples.Count > 0) first = Math.Min(first, raw.Samples[0].TimeUs);
        if (raw.Events.Count > 0) first = Math.Min(first, raw.Events[0].TimeUs);
        return first;
    }

    /// <summary>The record's end, or its last row when that is later (or the record is still running).</summary>
    private static long LastUs(RecordView record, RecordChartData raw, long originUs)
    {
        var last = record.EndedAt is { } ended ? ended.ToUnixTimeMilliseconds() * 1000 : originUs;
        if (raw.Frames.Count > 0) last = Math.Max(last, raw.Frames.LastRecvUs);
        if (raw.Samples.Count > 0) last = Math.Max(last, raw.Samples[^1].TimeUs);
        if (raw.Events.Count > 0) last = Math.Max(last, raw.Events[^1].TimeUs);
        return last;
    }

    /// <summary>Per-frame latency (bucketed mean with a min–max band) and the frame-id gaps marked where the next frame arrived.</summary>
    private static ChartSpec? Latency(FrameDigest frames)
    {
        if (frames.Latency is not { } reduced)
        {
            return null;
        }
        var traces = new List<ChartTrace> { Trace("latency (mean; band = min–max per bucket)", reduced) };
        if (frames.GapCount > 0)
        {
            var shown = frames.Gaps;
            traces.Add(new ChartTrace($"frame-id gap ({frames.GapCount} gaps, {frames.LostIds} ids lost)",
                shown.Select(g => (object)Math.Round(g.X, 4)).ToList(), shown.Select(g => (double?)g.Y).ToList(), "markers",
                Links: shown.Select(g => $"{g.Lost} id(s) missing before this frame").ToList(), Color: "#d32f2f"));
        }
        return new ChartSpec("Per-frame latency", "seconds since start", "ms", traces);
    }

    /// <summary>Frames counted per whole second since the start (see <see cref="FrameDigest"/>).</summary>
    private static ChartSpec FramesPerSecond(ReducedSeries reduced)
    {
        var trace = Trace("fps", reduced);
        return new ChartSpec("Frames received per second", "seconds since start", "fps",
            [trace with { Mode = reduced.Count > 300 ? "lines" : "lines+markers" }]);
    }

    internal static ChartTrace Trace(string name, IReadOnlyList<(double X, double Y)> points) => Trace(name, SeriesReducer.Reduce(points));

    private static ChartTrace Trace(string name, ReducedSeries reduced)
    {
        var banded = reduced.Min.AsSpan().SequenceEqual(reduced.Max) ? null : reduced;
        return new ChartTrace(name, reduced.X.Select(x => (object)Math.Round(x, 4)).ToList(), reduced.Mean.Select(v => (double?)v).ToList(),
            Min: banded?.Min.Select(v => (double?)v).ToList(), Max: banded?.Max.Select(v => (double?)v).ToList());
    }

    /// <summary>
    /// Pairs like burst_on/burst_off or stall_start/stall_end become shaded windows; an unclosed one runs to the last event.
    /// A <c>_start</c>/<c>_begin</c> kind only opens a window when its <c>_end</c> occurs in the record
    /// (<c>process_start</c> is a moment, not a window); <c>_on</c> always does.
    /// </summary>
    internal static IEnumerable<ChartWindow> Windows(IReadOnlyList<EventRow> events, Func<long, double> seconds)
    {
        var open = new Dictionary<string, long>(StringComparer.Ordinal);
        var colours = new Dictionary<string, string>(StringComparer.Ordinal);
        string Colour(string name) => colours.TryGetValue(name, out var c) ? c : colours[name] = Palette[colours.Count % Palette.Length];
        var kinds = events.Select(e => e.Kind).ToHashSet(StringComparer.Ordinal);
        var last = events.Count == 0 ? 0 : events.Max(e => e.TimeUs);
        foreach (var e in events.OrderBy(e => e.TimeUs))
        {
            if (Opens(e.Kind, kinds) is { } opened)
            {
                open.TryAdd(opened, e.TimeUs);
            }
            else if (Closes(e.Kind) is { } closed && open.Remove(closed, out var from))
            {
                yield return new ChartWindow(seconds(from), seconds(e.TimeUs), closed, Colour(closed));
            }
        }
        foreach (var (name, from) in open)
        {
            yield return new ChartWindow(seconds(from), seconds(last), name + " (not closed)", Colour(name));
        }
    }

    /// <summary>The window name a kind opens: <c>X_on</c> always, <c>X_start</c>/<c>X_begin</c> only when the record has <c>X_end</c>.</summary>
    private static string? Opens(string kind, IReadOnlySet<string> kinds)
    {
        foreach (var (on, off) in WindowPairs)
        {
            if (kind.EndsWith(on, StringComparison.Ordinal) && (on == "_on" || kinds.Contains(kind[..^on.Length] + off)))
            {
                return kind[..^on.Length];
            }
        }
        return null;
    }

    private static string? Closes(string kind) =>
        WindowPairs.Where(p => kind.EndsWith(p.Off, StringComparison.Ordinal)).Select(p => kind[..^p.Off.Length]).FirstOrDefault();

    private static bool IsWindowEdge(string kind, IReadOnlySet<string> kinds) =>
        Opens(kind, kinds) is not null || (Closes(kind) is { } name && WindowPairs.Any(p => kinds.Contains(name + p.On)));

    /// <summary><c>cpu_pct{role="server"}</c> → <c>cpu_pct</c>; the system series join their role family.</summary>
    internal static string Family(string series)
    {
        var name = series.Split('{', 2)[0];
        return name switch
        {
            SeriesNames.SystemCpuPct => "cpu_pct",
            SeriesNames.SystemMemMb => "rss_mb",
            _ => name,
        };
    }

    private static int FamilyOrder(string family) => family switch { "cpu_pct" => 0, "rss_mb" => 1, _ => 2 };

    private static (string Title, string Unit) FamilyTitle(string family) => family switch
    {
        "cpu_pct" => ("CPU per role and system (100 = one core)", "%"),
        "rss_mb" => ("Memory: RSS per role, used memory of the system", "MB"),
        _ => (family, MetricCatalogue.Describe(family).Unit),
    };

    private static string Label(string series) => series switch
    {
        SeriesNames.SystemCpuPct => "system",
        SeriesNames.SystemMemMb => "system (used)",
        _ when series.Contains('{', StringComparison.Ordinal) => series[series.IndexOf('{', StringComparison.Ordinal)..],
        _ => series,
    };
}
