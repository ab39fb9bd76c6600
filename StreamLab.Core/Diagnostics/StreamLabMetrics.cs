using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using StreamLab.Core.Raw;
using StreamLab.Core.Storage;

namespace StreamLab.Core.Diagnostics;

/// <summary>
/// StreamLab's own instruments (meter <c>StreamLab</c>), recorded where things happen and exported
/// at <c>/metrics</c>. Counts are plain interlocked counters read by observable instruments: nothing on
/// the ingest path pays for a measurement callback, and an exporter reads the whole count at each collection,
/// so one that starts late, or forgets an idle series, still shows the right total.
/// </summary>
public static class StreamLabMetrics
{
    public const string MeterName = "StreamLab";

    public static readonly Meter Meter = new(MeterName);

    private static readonly ConcurrentDictionary<MeteredRawWriter, byte> LiveWriters = new();
    private static readonly ConcurrentDictionary<string, long> ScrapeErrorsByRole = new(StringComparer.Ordinal);
    private static readonly long[] RecordsByStatus = new long[Enum.GetValues<RecordStatus>().Length];
    private static long _recordsImported;
    private static long _campaignsRunning;
    private static long _recordsRunning;
    private static long _framesIngested;
    private static long _samplesIngested;
    private static long _eventsIngested;

    // Instrument names are what follows "streamlab_" in a Prometheus exposition (meter name + '_' + instrument name, dots
    // as underscores); durations carry their unit in the name, as Prometheus names must.

    public static readonly Histogram<double> FlushLatency = Meter.CreateHistogram<double>("bulk_writer.flush_latency_seconds", "s", "Time until rows added before a flush are durable.");

    public static readonly Histogram<double> SamplingLag = Meter.CreateHistogram<double>("sampling.lag_seconds", "s", "How late a sample was taken after its scheduled time.");

    private static readonly ObservableCounter<long> ScrapeErrors = Meter.CreateObservableCounter("scrape_errors",
        () => ScrapeErrorsByRole.Select(e => new Measurement<long>(e.Value, new KeyValuePair<string, object?>("role", e.Key))),
        description: "Failed scrapes and scrapes with skipped lines, by role.");

    /// <summary>
    /// Instruments that can have nothing to report (no sample yet, no role failed yet), with the tag names they report
    /// with: an exporter declares their families at start, so a fresh app shows every family rather than an empty page.
    /// The other instruments report a value (zeros included) at every collection.
    /// </summary>
    public static IReadOnlyList<(Instrument Instrument, string[] TagNames)> MaybeSilent { get; } =
    [
        (ScrapeErrors, ["role"]),
        (FlushLatency, []),
        (SamplingLag, []),
    ];

    static StreamLabMetrics()
    {
        Meter.CreateObservableCounter("records.finished", () => Enum.GetValues<RecordStatus>().Where(s => s != RecordStatus.Running)
            .Select(s => new Measurement<long>(Interlocked.Read(ref RecordsByStatus[(int)s]), new KeyValuePair<string, object?>("status", s.ToString().ToLowerInvariant()))),
            description: "Records finished, by status.");
        Meter.CreateObservableCounter("records.imported", () => Interlocked.Read(ref _recordsImported), description: "Run folders imported as records.");
        Meter.CreateObservableGauge("campaigns.running", () => Interlocked.Read(ref _campaignsRunning), description: "Campaigns running now.");
        Meter.CreateObservableGauge("records.running", () => Interlocked.Read(ref _recordsRunning), description: "Records running now.");
        Meter.CreateObservableCounter("rows_ingested", () => new[]
        {
            new Measurement<long>(Interlocked.Read(ref _framesIngested), new KeyValuePair<string, object?>("table", "frames")),
            new Measurement<long>(Interlocked.Read(ref _samplesIngested), new KeyValuePair<string, object?>("table", "samples")),
            new Measurement<long>(Interlocked.Read(ref _eventsIngested), new KeyValuePair<string, object?>("table", "events")),
        }, description: "Raw rows handed to bulk writers, by table.");
        Meter.CreateObservableGauge("bulk_writer.queue_depth", () => LiveWriters.Keys.Sum(w => Math.Max(0, w.RowsAdded - w.RowsWritten)),
            description: "Rows accepted by live bulk writers but not yet committed.");
    }

    /// <summary>Counts a running campaign until disposed.</summary>
    public static IDisposable CampaignRunning() => new Running(ref _campaignsRunning, () => Interlocked.Decrement(ref _campaignsRunning));

    /// <summary>Counts a running record until disposed.</summary>
    public static IDisposable RecordRunning() => new Running(ref _recordsRunning, () => Interlocked.Decrement(ref _recordsRunning));

    /// <summary>A finished record (<c>streamlab_records_finished{status=…}</c>).</summary>
    public static void RecordFinished(RecordStatus status) => Interlocked.Increment(ref RecordsByStatus[(int)status]);

    /// <summary>A failed scrape, or one with skipped lines, of one of <paramref name="role"/>'s endpoints.</summary>
    public static void ScrapeFailed(string role) => ScrapeErrorsByRole.AddOrUpdate(role, 1, (_, n) => n + 1);

    /// <summary>Run folders imported as records.</summary>
    public static void RecordsImported(int count) => Interlocked.Add(ref _recordsImported, count);

    /// <summary>Wraps a writer so its rows, queue depth and flush latency are measured.</summary>
    public static IRawWriter Track(IRawWriter writer) => new MeteredRawWriter(writer);

    private sealed class Running : IDisposable
    {
        private Action? _release;

        public Running(ref long counter, Action release)
        {
            Interlocked.Increment(ref counter);
            _release = release;
        }

        public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke();
    }

    /// <summary>An <see cref="IRawWriter"/> seen from outside: counts rows and times flushes, leaving the writer itself alone.</summary>
    private sealed class MeteredRawWriter : IRawWriter
    {
        private readonly IRawWriter _inner;

        public MeteredRawWriter(IRawWriter inner)
        {
            _inner = inner;
            LiveWriters.TryAdd(this, 0);
        }

        public long RowsAdded => _inner.RowsAdded;
        public long RowsWritten => _inner.RowsWritten;

        public void Add(in FrameRow row)
        {
            _inner.Add(row);
            Interlocked.Increment(ref _framesIngested);
        }

        public void Add(in SampleRow row)
        {
            _inner.Add(row);
            Interlocked.Increment(ref _samplesIngested);
        }

        public void Add(in EventRow row)
        {
            _inner.Add(row);
            Interlocked.Increment(ref _eventsIngested);
        }

        public async Task FlushAsync(CancellationToken cancellationToken = default)
        {
            var started = Stopwatch.GetTimestamp();
            await _inner.FlushAsync(cancellationToken);
            FlushLatency.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }

        public async ValueTask DisposeAsync()
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await _inner.DisposeAsync();
                FlushLatency.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
            }
            finally
            {
                LiveWriters.TryRemove(this, out _);
            }
        }
    }
}
