using System.Globalization;
using StreamLab.Core;
using StreamLab.Core.Campaigns;
using StreamLab.Core.Matrix;
using StreamLab.Core.Running;
using StreamLab.Core.Storage;

namespace StreamLab.Web.Dashboard;

/// <summary>
/// Campaigns run by another StreamLab process on the same data folder (<c>streamlab run</c> in a terminal): the run lock's
/// holder is named in <c>data/run.owner</c>, and it really holds <c>run.lock</c> when one of its open files is that lock
/// (checked in <c>/proc/&lt;pid&gt;/fd</c>, so a stale owner file or a reused pid never shows a ghost run). Progress comes
/// from the database, polled every <see cref="Interval"/>; changes are published to <see cref="LiveUpdates"/>.
/// </summary>
public sealed class ExternalRuns(IResultStore store, StreamLabPaths paths, LiveUpdates live, TimeProvider time, ILogger<ExternalRuns> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1.5);

    private QueueEntryView? _current;
    private int? _pid;

    /// <summary>The run in another process, as a queue entry (ticket 0), or null.</summary>
    public QueueEntryView? Current => Volatile.Read(ref _current);

    /// <summary>The pid holding the run lock, when it is another process.</summary>
    public int? Pid => _pid;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var next = await PollAsync(stoppingToken);
                if (next != _current)
                {
                    Volatile.Write(ref _current, next);
                    live.Publish();
                }
                await Task.Delay(Interval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or System.Data.Common.DbException)
            {
                logger.LogWarning(e, "Could not read the state of a run in another process");
                await Task.Delay(Interval, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>One look: who holds the lock, which campaign has a running record, how far it got.</summary>
    public async Task<QueueEntryView?> PollAsync(CancellationToken ct = default)
    {
        var owner = Path.Combine(paths.DataDirectory, "run.owner");
        _pid = null;
        if (!File.Exists(owner) || !int.TryParse(File.ReadAllText(owner).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            || pid == Environment.ProcessId || !HoldsLock(pid, Path.Combine(paths.DataDirectory, "run.lock")))
        {
            return null;
        }
        _pid = pid;
        var since = new DateTimeOffset(File.GetLastWriteTimeUtc(owner), TimeSpan.Zero);
        var records = await store.ListRecordsAsync(null, ct);
        var running = records.Where(r => r.Status == RecordStatus.Running).MaxBy(r => r.StartedAt);
        // Between two records nothing is running: stay with the campaign that last ran in this run.
        var name = running?.Campaign ?? records.Where(r => r.StartedAt >= since.AddSeconds(-1)).MaxBy(r => r.StartedAt)?.Campaign ?? _current?.Name;
        if (name is null)
        {
            return new QueueEntryView(0, "(starting)", QueueState.Running, null, null, null, null, TimeSpan.Zero, 0,
                $"run by pid {pid}", since, since, null);
        }
        var mine = records.Where(r => r.Campaign == name).ToList();
        var thisRun = mine.Where(r => r.StartedAt >= since.AddSeconds(-1)).ToList();
        var finished = thisRun.Where(r => r.Status is not (RecordStatus.Running or RecordStatus.Queued)).ToList();
        var campaign = await store.FindCampaignAsync(name, ct);
        var loaded = campaign is null ? null : CampaignLoader.LoadText(campaign.Yaml, campaign.SourcePath);
        var planned = loaded is { IsValid: true } ? MatrixExpander.CountRecords(loaded.Campaign!) : mine.Count;
        // Repetitions that had succeeded before this run are skipped by its resume, as the CLI counts them.
        var skipped = mine.Count(r => r.Status == RecordStatus.Succeeded && r.StartedAt < since.AddSeconds(-1));
        var total = Math.Max(planned - skipped, thisRun.Count);
        var now = time.GetUtcNow();
        var perRecord = finished.Count > 0 && finished.All(r => r.EndedAt is not null)
            ? TimeSpan.FromTicks((long)finished.Average(r => (r.EndedAt!.Value - r.StartedAt).Ticks))
            : loaded?.Campaign is { } c ? MatrixExpander.Estimate(c, 1) : TimeSpan.Zero;
        var progress = new RunProgress(finished.Count, total, skipped, now - since, (total - finished.Count) * perRecord, null);
        return new QueueEntryView(0, name, QueueState.Running, progress, running?.PointKey is { } key ? (key.Length == 0 ? "(no matrix parameters)" : key) : null,
            running?.Repetition, running?.StartedAt, perRecord, finished.Count(r => r.Status is RecordStatus.Failed or RecordStatus.Interrupted),
            $"run from the command line by pid {pid}", since, since, null);
    }

    /// <summary>Whether process <paramref name="pid"/> has <paramref name="lockPath"/> open.</summary>
    private static bool HoldsLock(int pid, string lockPath)
    {
        try
        {
            return Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd")
                .Any(fd => new FileInfo(fd).LinkTarget is { } target && target == lockPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // the process is gone (or not ours to look at)
        }
    }
}
