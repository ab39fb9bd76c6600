using System.Diagnostics.Metrics;
using Prometheus;
using StreamLab.Core.Diagnostics;

namespace StreamLab.Web.Diagnostics;

/// <summary>
/// What <c>/metrics</c> shows, through prometheus-net: the process and runtime collectors, its adapter for
/// System.Diagnostics.Metrics (the <c>StreamLab</c> meter and the runtime's own <c>System.Runtime</c> meter), and its
/// HTTP middleware's families. One registry per app, so two apps in one process (tests) never count each other's requests.
/// </summary>
public sealed class PrometheusMetrics : IDisposable
{
    private static readonly string[] AdaptedMeters = [StreamLabMetrics.MeterName, "System.Runtime"];

    /// <summary>Seconds: from a millisecond flush to a ten-second stall.</summary>
    private static readonly double[] Buckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly IDisposable _adapter;

    public PrometheusMetrics()
    {
        Factory = Metrics.WithCustomRegistry(Registry);
        DotNetStats.Register(Registry);
        DeclareMaybeSilentInstruments();
        _adapter = MeterAdapter.StartListening(new MeterAdapterOptions
        {
            Registry = Registry,
            MetricFactory = Factory,
            InstrumentFilterPredicate = Adapted,
            // The adapter forgets a series nothing measured for this long (its default is 5 min, its limit 1 day). StreamLab's
            // counts are observable, so each scrape measures them again; only an idle histogram starts over, as after a restart.
            MetricsExpireAfter = TimeSpan.FromDays(1),
            ResolveHistogramBuckets = _ => Buckets,
        });
    }

    /// <summary>
    /// The two meters, less the runtime's instruments named like <c>dotnet.timer.count</c>: as gauges ending in
    /// <c>_count</c> they would break the exposition rules (promtool rejects them). The process collector's
    /// <c>process_num_threads</c> stands in for the thread pool's count.
    /// </summary>
    private static bool Adapted(Instrument instrument) =>
        AdaptedMeters.Contains(instrument.Meter.Name)
        && !ReservedSuffixes.Any(suffix => PrometheusName($"{instrument.Meter.Name}_{instrument.Name}").EndsWith(suffix, StringComparison.Ordinal));

    private static readonly string[] ReservedSuffixes = ["_count", "_sum", "_bucket", "_total"];

    public CollectorRegistry Registry { get; } = Metrics.NewCustomRegistry();

    public IMetricFactory Factory { get; }

    /// <summary>
    /// The adapter creates a family at an instrument's first measurement, so before any sample was taken or any scrape
    /// failed, those families would be missing. Declaring them under the name and label names the adapter will use makes
    /// them show from the start; the adapter then finds and fills the same family.
    /// </summary>
    private void DeclareMaybeSilentInstruments()
    {
        foreach (var (instrument, tags) in StreamLabMetrics.MaybeSilent)
        {
            var name = PrometheusName($"{instrument.Meter.Name}_{instrument.Name}");
            var help = instrument.Description ?? instrument.Name;
            // The adapter sorts label names (tags are unordered).
            var labels = tags.Select(PrometheusName).Order(StringComparer.Ordinal).ToArray();
            if (instrument is Histogram<double>)
            {
                Factory.CreateHistogram(name, help, labels, new HistogramConfiguration { Buckets = Buckets });
            }
            else
            {
                // .NET counters become gauges: the adapter's choice, since a re-created .NET counter would go down.
                Factory.CreateGauge(name, help, labels);
            }
        }
    }

    /// <summary>prometheus-net's rule for names from meters and tags: lower case, anything but [a-z0-9_] as '_'.</summary>
    internal static string PrometheusName(string name)
    {
        var chars = name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_').ToArray();
        return char.IsAsciiLetter(chars[0]) || chars[0] == '_' ? new string(chars) : "_" + new string(chars);
    }

    public void Dispose() => _adapter.Dispose();
}
