using Microsoft.Extensions.Logging;
using StreamLab.Core.Campaigns;
using StreamLab.Core.Diagnostics;
using StreamLab.Core.Matrix;
using StreamLab.Core.Metrics;
using StreamLab.Core.RunEnvironment;
using StreamLab.Core.Storage;

namespace StreamLab.Core.Running;

/// <summary>
/// Runs one record: starts the roles in order, waits for readiness, samples through warm-up and
/// the measurement window, then stops the roles in reverse order and stores the summary.
/// Whatever happens, every role's process tree is stopped and the rows recorded so far are kept.
/// </summary>
public sealed class RecordRunner(
    IResultStore store,
    IRoleLauncher launcher,
    IUsageProbeFactory probes,
    IRecordFileFollowerFactory followers,
    IPortAllocator ports,
    IMetricsScraper scraper,
    TimeProvider time,
    StreamLabPaths paths,
    ILogger<RecordRunner> logger,
    IImpairmentRelayFactory? relays = null,
    IResourceLimiter? limiter = null)
{
    /// <summary>Runs a record this worker claimed (<paramref name="claimed"/>, planned as <paramref name="run"/>).</summary>
    public async Task<RecordOutcome> RunAsync(Campaign campaign, ClaimedRecord claimed, PlannedRun run, CancellationToken ct)
    {
        var started = time.GetUtcNow();
        var recordId = claimed.RecordId;
        var recordDir = paths.RecordDirectory(recordId);
        Directory.CreateDirectory(recordDir);
        await store.SetRecordDirAsync(recordId, recordDir, CancellationToken.None);
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["campaign"] = campaign.Name, ["record"] = recordId });

        using var running = StreamLabMetrics.RecordRunning();
        var session = new RecordSession(recordId, campaign, StreamLabMetrics.Track(store.CreateRawWriter()), time);
        var scrapes = new ScrapeSampler(recordId, scraper, session.Writer);
        var environment = new RecordEnvironment(recordId, session.Writer, relays, limiter, time);
        var status = RecordStatus.Succeeded;
        string? reason = null;
        try
        {
            var plan = RecordPlan.Resolve(campaign, run, recordDir, ports);
            environment.StartRelay(plan);
            await StartRolesAsync(session, scrapes, plan, environment, ct);
            await MeasureAsync(session, scrapes, ct);
        }
        catch (RoleFailedException e)
        {
            status = RecordStatus.Failed;
            reason = e.Message;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            status = RecordStatus.Cancelled;
            reason = "cancelled by the user";
        }
        catch (Exception e) when (e is KeyNotFoundException or IOException or UnauthorizedAccessException)
        {
            status = RecordStatus.Failed;
            reason = e.Message;
        }
        finally
        {
            try
            {
                await session.StopAllAsync(campaign.StopGrace);
            }
            finally
            {
                if (environment.OomReason() is { } oom)
                {
                    status = RecordStatus.Failed;
                    reason = reason is null ? oom : $"{oom}; {reason}";
                }
                session.AddNotes(environment.Warnings);
                await environment.DisposeAsync(); // relay stopped and cgroups removed even when the record failed
            }
        }

        var ended = time.GetUtcNow();
        var summary = await FinishAsync(session, status, reason, ended);
        StreamLabMetrics.RecordFinished(status);
        logger.LogInformation("Record {Record} {Point} rep {Repetition}: {Status} {Reason}",
            recordId, run.Point.Key, run.Repetition, status, reason);
        return new RecordOutcome(recordId, run.Point.Key, run.Repetition, status, session.FinalReason(status, reason), summary, ended - started);
    }

    private async Task StartRolesAsync(RecordSession session, ScrapeSampler scrapes, RecordPlan plan, RecordEnvironment environment, CancellationToken ct)
    {
        foreach (var role in plan.Roles)
        {
            if (role.FramesPath is not null)
            {
                session.Follow(followers.FollowFrames(role.FramesPath, session.RecordId, session.Writer), role.FramesPath);
            }
            if (role.EventsPath is not null)
            {
                session.Follow(followers.FollowEvents(role.EventsPath, session.RecordId, session.Writer), role.EventsPath);
            }
            if (role.SamplesPath is not null)
            {
                session.Follow(followers.FollowSamples(role.SamplesPath, session.RecordId, session.WindowedWriter), role.SamplesPath);
            }
            scrapes.Add(role.Name, role.PrometheusUrls ?? []);
            var process = launcher.Start(role.Launch);
            session.AddRole(role, process, probes.ForProcessTree(process.TreePids));
            environment.LimitRole(role, process, plan.Values);
            using (logger.BeginScope(new Dictionary<string, object> { ["role"] = role.Name }))
            {
                logger.LogInformation("Started role {RoleName} as pid {Pid}", role.Name, process.Pid);
            }
            if (role.Ready is not null)
            {
                await process.WaitReadyAsync(role.Ready, ct);
            }
        }
    }

    /// <summary>Samples every interval until the window ends, a role exits, or the run is cancelled.</summary>
    private async Task MeasureAsync(RecordSession session, ScrapeSampler scrapes, CancellationToken ct)
    {
        var systemProbe = probes.ForSystem();
        var start = time.GetUtcNow();
        var t0 = start + session.Campaign.Warmup;
        var t1 = t0 + session.Campaign.Duration;
        session.SetWindow(t0, t1);
        await store.SetWindowAsync(session.RecordId, ToUs(t0), ToUs(t1), CancellationToken.None);

        var exited = Task.WhenAny(session.Roles.Select(r => r.Process.Exited));
        // The first sample is taken at once, at the start of warm-up (flagged warm-up), and the grid runs on from there,
        // so scraped counters have samples on both sides of T0 and, with a warm-up a whole number of intervals, one at T0.
        var next = start - session.Campaign.SampleInterval;
        while (true)
        {
            next += session.Campaign.SampleInterval;
            var now = time.GetUtcNow();
            var wakeAt = next < t1 ? next : t1;
            if (wakeAt > now)
            {
                var delay = Task.Delay(wakeAt - now, time, ct);
                await Task.WhenAny(delay, exited);
                ct.ThrowIfCancellationRequested();
            }
            now = time.GetUtcNow();
            StreamLabMetrics.SamplingLag.Record(Math.Max(0, (now - wakeAt).TotalSeconds));
            session.Sample(systemProbe, now);
            await scrapes.SampleAsync(ToUs(now), now < t0, session.Campaign.SampleInterval, ct);
            if (session.Roles.FirstOrDefault(r => r.Process.Exited.IsCompleted) is { } gone)
            {
                var phase = now < t0 ? "warm-up" : "the measurement window";
                throw new RoleFailedException(gone.Name,
                    $"exited with code {gone.Process.Exited.Result} during {phase}{RecordSession.StderrSuffix(gone.Process)}");
            }
            if (now >= t1)
            {
                return;
            }
        }
    }

    private async Task<IReadOnlyDictionary<string, double>> FinishAsync(RecordSession session, RecordStatus status, string? reason, DateTimeOffset ended)
    {
        await session.DrainAsync();
        IReadOnlyDictionary<string, double> summary = new Dictionary<string, double>();
        if (session.Window is { T0: var t0, T1: var t1 })
        {
            var end = ended < t1 ? ended : t1;
            if (end < t1)
            {
                await store.SetWindowAsync(session.RecordId, ToUs(t0), ToUs(end), CancellationToken.None);
            }
            if (end > t0)
            {
                var raw = await store.LoadRawAsync(session.RecordId, CancellationToken.None);
                summary = SummaryCalculator.Compute(new SummaryInput(raw, ToUs(t0), ToUs(end),
                    session.Roles.Select(r => r.Name).ToArray(), session.FramesRoleStartUs) { Counters = session.Campaign.Counters });
            }
        }
        await store.FinishRecordAsync(session.RecordId, status, session.FinalReason(status, reason), ended, summary, CancellationToken.None);
        return summary;
    }

    internal static long ToUs(DateTimeOffset t) => (t.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
}
