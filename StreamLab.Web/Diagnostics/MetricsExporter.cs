using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using StreamLab.Core.Diagnostics;
using StreamLab.Core.Metrics;

namespace StreamLab.Web.Diagnostics;

/// <summary>
/// Listens to the <c>StreamLab</c> meter and writes what it measured in the Prometheus text format
/// (prometheus-net is not available here): counters as <c>_total</c>, gauges and up-down counters
/// as gauges, histograms as cumulative <c>_bucket{le}</c>, <c>_sum</c> and <c>_count</c>.
/// Instrument names become metric names with '.' as '_' (<c>streamlab.records</c> → <c>streamlab_records_total</c>).
/// </summary>
public sealed class MetricsExporter : IDisposable
{
    private static readonly double[] Bounds = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly MeterListener _listener = new();
    private readonly Lock _lock = new();
    private readonly Dictionary<Instrument, Dictionary<string, Series>> _state = [];

    public MetricsExporter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == StreamLabMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
    }

    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Reads the observable instruments, then writes every family: HELP and TYPE first, one TYPE each.</summary>
    public string Render()
    {
        _listener.RecordObservableInstruments();
        var text = new StringBuilder();
        lock (_lock)
        {
            foreach (var (instrument, series) in _state.OrderBy(s => s.Key.Name, StringComparer.Ordinal))
            {
                var kind = KindOf(instrument);
                var name = MetricName(instrument, kind);
                text.Append("# HELP ").Append(name).Append(' ').Append(Help(instrument)).Append('\n');
                text.Append("# TYPE ").Append(name).Append(' ').Append(kind).Append('\n');
                foreach (var (labels, s) in series.OrderBy(s => s.Key, StringComparer.Ordinal))
                {
                    WriteSeries(text, name, kind, labels, s);
                }
            }
        }
        return text.ToString();
    }

    private static void WriteSeries(StringBuilder text, string name, string kind, string labels, Series s)
    {
        if (kind != "histogram")
        {
            Line(text, name, labels, s.Value);
            return;
        }
        long cumulative = 0;
        for (var b = 0; b < Bounds.Length; b++)
        {
            cumulative += s.Buckets![b];
            Line(text, name + "_bucket", Join(labels, $"le=\"{Bounds[b].ToString(CultureInfo.InvariantCulture)}\""), cumulative);
        }
        Line(text, name + "_bucket", Join(labels, "le=\"+Inf\""), s.Count);
        Line(text, name + "_sum", labels, s.Value);
        Line(text, name + "_count", labels, s.Count);
    }

    private static void Line(StringBuilder text, string name, string labels, double value) =>
        text.Append(name).Append(labels.Length == 0 ? "" : "{" + labels + "}").Append(' ').Append(Core.Import.RecordExporter.Number(value)).Append('\n');

    private static string Join(string labels, string more) => labels.Length == 0 ? more : labels + "," + more;

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = LabelText(tags);
        lock (_lock)
        {
            if (!_state.TryGetValue(instrument, out var series))
            {
                _state[instrument] = series = new Dictionary<string, Series>(StringComparer.Ordinal);
            }
            if (!series.TryGetValue(labels, out var s))
            {
                series[labels] = s = new Series(instrument is Histogram<double> or Histogram<long> ? new long[Bounds.Length] : null);
            }
            switch (instrument)
            {
                case Counter<long> or Counter<double> or UpDownCounter<long> or UpDownCounter<double>:
                    s.Value += value;
                    break;
                case Histogram<double> or Histogram<long>:
                    s.Value += value;
                    s.Count++;
                    var bucket = Array.FindIndex(Bounds, b => value <= b);
                    if (bucket >= 0) s.Buckets![bucket]++;
                    break;
                default: // observable instruments report the current value (cumulative for observable counters)
                    s.Value = value;
                    break;
            }
        }
    }

    private static string LabelText(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = new List<KeyValuePair<string, string>>(tags.Length);
        foreach (var (key, value) in tags)
        {
            labels.Add(new(Sanitize(key), Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""));
        }
        var text = SeriesKey.Format("x", labels);
        return text.Length == 1 ? "" : text[2..^1];
    }

    private static string KindOf(Instrument instrument) => instrument switch
    {
        Counter<long> or Counter<double> or ObservableCounter<long> or ObservableCounter<double> => "counter",
        Histogram<double> or Histogram<long> => "histogram",
        _ => "gauge",
    };

    private static string MetricName(Instrument instrument, string kind)
    {
        var name = Sanitize(instrument.Name);
        if (instrument.Unit == "s" && !name.EndsWith("_seconds", StringComparison.Ordinal)) name += "_seconds";
        return kind == "counter" && !name.EndsWith("_total", StringComparison.Ordinal) ? name + "_total" : name;
    }

    private static string Sanitize(string name)
    {
        var chars = name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or ':' ? c : '_').ToArray();
        return char.IsAsciiDigit(chars[0]) ? "_" + new string(chars) : new string(chars);
    }

    private static string Help(Instrument instrument) =>
        (instrument.Description ?? instrument.Name).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    public void Dispose() => _listener.Dispose();

    private sealed class Series(long[]? buckets)
    {
        public double Value;
        public long Count;
        public long[]? Buckets { get; } = buckets;
    }
}
