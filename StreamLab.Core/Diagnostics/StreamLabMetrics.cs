using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using StreamLab.Core.Raw;
using StreamLab.Core.Storage;

namespace StreamLab.Core.Diagnostics;

/// <summary>
/// StreamLab's own instruments (meter <c>StreamLab</c>), recorded where things happen and exported
/// at <c>/metrics</c>. Per-row counts are plain interlocked counters read by observable instruments,
/// so nothing on the ingest path pays for a measurement callback.
/// </summary>
public static class StreamLabMetrics
{
    public const string MeterName = "StreamLab";

    public static readonly Meter Meter = new(MeterName);

    private static readonly ConcurrentDictionary<MeteredRawWriter, byte> LiveWriters = new();
    private static long _campaignsRunning;
    private static long _recordsRunning;
    private static long _framesIngested;
    private static long _samplesIngested;
    private static long _eventsIngested;

    /// <summary>Finished records by status (<c>streamlab_records_total{status=…}</c>).</summary>
    public static readonly Counter<long> RecordsFinished = Meter.CreateCounter<long>("streamlab.records", description: "Records finished, by status.");

    public static readonly Counter<long> ScrapeErrors = Meter.CreateCounter<long>("streamlab.scrape_errors", description: "Failed scrapes and scrapes with skipped lines, by role.");

    public static readonly Counter<long> RecordsImported = Meter.CreateCounter<long>("streamlab.records_imported", description: "Run folders imported as records, by outcome.");

    public static readonly Histogram<double> FlushLatency = Meter.CreateHistogram<double>("streamlab.bulk_writer.flush_latency", "s", "Time until rows added before a flush are durable.");

    public static readonly Histogram<double> SamplingLag = Meter.CreateHistogram<double>("streamlab.sampling.lag", "s", "How late a sample was taken after its scheduled time.");

    static StreamLabMetrics()
    {
        Meter.CreateObservableGauge("streamlab.campaigns.running", () => Interlocked.Read(ref _campaignsRunning), description: "Campaigns running now.");
        Meter.CreateObservableGauge("streamlab.records.running", () => Interlocked.Read(ref _recordsRunning), description: "Records running now.");
        Meter.CreateObservableCounter("streamlab.rows_ingested", () => new[]
        {
            new Measurement<long>(Interlocked.Read(ref _framesIngested), new KeyValuePair<string, object?>("table", "frames")),
            new Measurement<long>(Interlocked.Read(ref _samplesIngested), new KeyValuePair<string, object?>("table", "samples")),
            new Measurement<long>(Interlocked.Read(ref _eventsIngested), new KeyValuePair<string, object?>("table", "events")),
        }, description: "Raw rows handed to bulk writers, by table.");
        Meter.CreateObservableGauge("streamlab.bulk_writer.queue_depth", () => LiveWriters.Keys.Sum(w => Math.Max(0, w.RowsAdded - w.RowsWritten)),
            description: "Rows accepted by live bulk writers but not yet committed.");
    }

    /// <summary>Counts a running campaign until disposed.</summary>
    public static IDisposable CampaignRunning() => new Running(ref _campaignsRunning, () => Interlocked.Decrement(ref _campaignsRunning));

    /// <summary>Counts a running record until disposed.</summary>
    public static IDisposable RecordRunning() => new Running(ref _recordsRunning, () => Interlocked.Decrement(ref _recordsRunning));

    public static void RecordFinished(RecordStatus status) =>
        RecordsFinished.Add(1, new KeyValuePair<string, object?>("status", status.ToString().ToLowerInvariant()));

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
