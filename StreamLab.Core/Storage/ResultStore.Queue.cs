using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using StreamLab.Core.Storage.Model;

namespace StreamLab.Core.Storage;

/// <summary>Runs, claims and leases: how many workers share the records of a campaign through the database.</summary>
public sealed partial class ResultStore
{
    public async Task<long> CreateRunAsync(NewRun run, IReadOnlyList<QueuedRecord> records, CancellationToken ct = default)
    {
        await using var db = Context();
        await using var tx = await Database.BeginWriteAsync(db, ct);
        var id = await InsertRunAsync(db, run, null, records, ct);
        await tx.CommitAsync(ct);
        return id;
    }

    public async Task<long> JoinOrCreateRunAsync(NewRun run, string label, IReadOnlyList<QueuedRecord> records, CancellationToken ct = default)
    {
        await using var db = Context();
        await using var tx = await Database.BeginWriteAsync(db, ct);
        await Database.LockCampaignAsync(db, run.CampaignId, ct);
        var existing = await db.Runs.Where(r => r.CampaignId == run.CampaignId && r.Label == label && r.State != RunState.Cancelled)
            .OrderByDescending(r => r.Id).Select(r => (long?)r.Id).FirstOrDefaultAsync(ct);
        var id = existing ?? await InsertRunAsync(db, run, label, records, ct);
        await tx.CommitAsync(ct);
        return id;
    }

    private async Task<long> InsertRunAsync(StreamLabDbContext db, NewRun run, string? label, IReadOnlyList<QueuedRecord> records, CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        // What earlier runs left queued never started: the new run takes over what is still to do.
        await db.Records.Where(r => r.CampaignId == run.CampaignId && r.Status == RecordStatus.Queued).ExecuteDeleteAsync(ct);
        await FinishIdleRunsAsync(db, run.CampaignId, ct);
        var entity = new RunEntity
        {
            CampaignId = run.CampaignId,
            Label = label ?? run.Label,
            Revision = run.Revision,
            Notes = run.Notes,
            Yaml = run.Yaml,
            CreatedAt = now,
            State = records.Count == 0 ? RunState.Finished : RunState.Queued,
            StreamlabVersion = StreamLabVersion.Current,
        };
        db.Runs.Add(entity);
        await db.SaveChangesAsync(ct);
        db.Records.AddRange(records.Select(r => new RecordEntity
        {
            CampaignId = run.CampaignId,
            RunId = entity.Id,
            PointKey = r.PointKey,
            ParamsJson = JsonSerializer.Serialize(r.Params),
            Repetition = r.Repetition,
            Status = RecordStatus.Queued,
            StartedAt = now,
            Attempt = 1,
        }));
        await db.SaveChangesAsync(ct);
        return entity.Id;
    }

    /// <summary>Runs of the campaign with nothing queued or running any more become finished (or stay cancelled).</summary>
    private static async Task FinishIdleRunsAsync(StreamLabDbContext db, long campaignId, CancellationToken ct) =>
        await db.Runs.Where(u => u.CampaignId == campaignId && (u.State == RunState.Queued || u.State == RunState.Running)
                && !db.Records.Any(r => r.RunId == u.Id && (r.Status == RecordStatus.Queued || r.Status == RecordStatus.Running)))
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.State, RunState.Finished), ct);

    public async Task<RunView?> GetRunAsync(long runId, CancellationToken ct = default) =>
        (await RunViewsAsync(r => r.Id == runId, ct)).SingleOrDefault();

    public async Task<IReadOnlyList<RunView>> ListRunsAsync(long? campaignId = null, CancellationToken ct = default) =>
        await RunViewsAsync(r => campaignId == null || r.CampaignId == campaignId, ct);

    private async Task<List<RunView>> RunViewsAsync(System.Linq.Expressions.Expression<Func<RunEntity, bool>> where, CancellationToken ct)
    {
        await using var db = Context();
        var rows = await db.Runs.AsNoTracking().Where(where).OrderByDescending(r => r.Id)
            .Join(db.Campaigns, r => r.CampaignId, c => c.Id, (r, c) => new { Run = r, Campaign = c.Name })
            .ToListAsync(ct);
        return rows.ConvertAll(x => new RunView(x.Run.Id, x.Run.CampaignId, x.Campaign, x.Run.Label, x.Run.Revision, x.Run.Notes,
            x.Run.Yaml, x.Run.CreatedAt, x.Run.State, x.Run.StreamlabVersion));
    }

    public async Task<int> CancelRunAsync(long runId, CancellationToken ct = default)
    {
        await using var db = Context();
        await using var tx = await Database.BeginWriteAsync(db, ct);
        var dropped = await db.Records.Where(r => r.RunId == runId && r.Status == RecordStatus.Queued).ExecuteDeleteAsync(ct);
        await db.Runs.Where(r => r.Id == runId && r.State != RunState.Finished)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, RunState.Cancelled), ct);
        await tx.CommitAsync(ct);
        return dropped;
    }

    public async Task<QueueCounts> CountQueueAsync(ClaimScope scope, CancellationToken ct = default)
    {
        await using var db = Context();
        var counts = await StoreDatabase.InScope(db.Records, scope).GroupBy(r => r.Status)
            .Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(ct);
        int Of(RecordStatus s) => counts.Where(c => c.Status == s).Sum(c => c.Count);
        var total = counts.Sum(c => c.Count);
        var queued = Of(RecordStatus.Queued);
        var running = Of(RecordStatus.Running);
        var succeeded = Of(RecordStatus.Succeeded);
        var failed = Of(RecordStatus.Failed);
        return new QueueCounts(queued, running, succeeded, failed, total - queued - running - succeeded - failed);
    }

    public async Task<long> RegisterWorkerAsync(WorkerIdentity worker, CancellationToken ct = default)
    {
        await using var db = Context();
        var now = _time.GetUtcNow();
        var entity = new WorkerEntity
        {
            Host = worker.Host, Pid = worker.Pid, Pod = worker.Pod, StartedAt = now, HeartbeatAt = now, State = WorkerState.Active,
        };
        db.Workers.Add(entity);
        await db.SaveChangesAsync(ct);
        return entity.Id;
    }

    public async Task<ClaimedRecord?> ClaimAsync(long workerId, ClaimScope scope, TimeSpan lease, HostFingerprint host, CancellationToken ct = default)
    {
        await RequeueExpiredAsync(ct);
        await using var db = Context();
        await using var tx = await Database.BeginWriteAsync(db, ct);
        if (await Database.NextQueuedAsync(db, scope, ct) is not { } id)
        {
            return null;
        }
        var now = _time.GetUtcNow();
        var until = now + lease;
        var hostJson = JsonSerializer.Serialize(host);
        await db.Records.Where(r => r.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Status, RecordStatus.Running)
            .SetProperty(r => r.WorkerId, workerId)
            .SetProperty(r => r.LeaseUntil, until)
            .SetProperty(r => r.StartedAt, now)
            .SetProperty(r => r.HostJson, hostJson), ct);
        var record = await db.Records.AsNoTracking().SingleAsync(r => r.Id == id, ct);
        await db.Workers.Where(w => w.Id == workerId).ExecuteUpdateAsync(s => s
            .SetProperty(w => w.CurrentRecordId, id).SetProperty(w => w.HeartbeatAt, now).SetProperty(w => w.State, WorkerState.Active), ct);
        await db.Runs.Where(u => u.Id == record.RunId && u.State == RunState.Queued)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.State, RunState.Running), ct);
        await tx.CommitAsync(ct);
        return new ClaimedRecord(id, record.RunId!.Value, record.CampaignId, record.PointKey,
            JsonSerializer.Deserialize<Dictionary<string, string>>(record.ParamsJson) ?? [], record.Repetition, record.Attempt, until);
    }

    public async Task<bool> HeartbeatAsync(long workerId, long? recordId, TimeSpan lease, CancellationToken ct = default)
    {
        await using var db = Context();
        var now = _time.GetUtcNow();
        var until = now + lease;
        await db.Workers.Where(w => w.Id == workerId).ExecuteUpdateAsync(s => s
            .SetProperty(w => w.HeartbeatAt, now).SetProperty(w => w.CurrentRecordId, recordId).SetProperty(w => w.State, WorkerState.Active), ct);
        if (recordId is not { } id)
        {
            return true;
        }
        var renewed = await db.Records.Where(r => r.Id == id && r.WorkerId == workerId && r.Status == RecordStatus.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.LeaseUntil, until), ct);
        return renewed == 1;
    }

    public async Task WorkerStoppedAsync(long workerId, CancellationToken ct = default)
    {
        await using var db = Context();
        await db.Workers.Where(w => w.Id == workerId).ExecuteUpdateAsync(s => s
            .SetProperty(w => w.State, WorkerState.Stopped).SetProperty(w => w.CurrentRecordId, (long?)null)
            .SetProperty(w => w.HeartbeatAt, _time.GetUtcNow()), ct);
    }

    public async Task<IReadOnlyList<WorkerView>> ListWorkersAsync(int limit = 50, CancellationToken ct = default)
    {
        await using var db = Context();
        var workers = await db.Workers.AsNoTracking().OrderByDescending(w => w.Id).Take(limit).ToListAsync(ct);
        var currentIds = workers.Where(w => w.CurrentRecordId is not null).Select(w => w.CurrentRecordId!.Value).ToList();
        var current = await db.Records.AsNoTracking().Where(r => currentIds.Contains(r.Id))
            .Select(r => new { r.Id, r.RunId, r.PointKey, r.Repetition, r.Attempt, r.Status }).ToListAsync(ct);
        var views = new List<WorkerView>(workers.Count);
        foreach (var w in workers)
        {
            var record = current.Find(r => r.Id == w.CurrentRecordId);
            long? requeuedAs = null;
            if (record is { Status: RecordStatus.Interrupted, RunId: not null })
            {
                requeuedAs = await db.Records.Where(r => r.RunId == record.RunId && r.PointKey == record.PointKey
                        && r.Repetition == record.Repetition && r.Attempt == record.Attempt + 1)
                    .Select(r => (long?)r.Id).FirstOrDefaultAsync(ct);
            }
            views.Add(new WorkerView(w.Id, w.Host, w.Pid, w.Pod, w.StartedAt, w.HeartbeatAt, w.CurrentRecordId,
                record?.PointKey, w.RecordsDone, w.State, requeuedAs));
        }
        return views;
    }

    public async Task<int> RequeueExpiredAsync(CancellationToken ct = default)
    {
        await using var db = Context();
        var now = _time.GetUtcNow();
        // Few rows (one per busy worker): compared here, which also spares SQLite a DateTimeOffset comparison in SQL.
        var leased = await db.Records.AsNoTracking().Where(r => r.Status == RecordStatus.Running && r.WorkerId != null)
            .Join(db.Workers, r => r.WorkerId, w => w.Id, (r, w) => new { Record = r, Worker = w })
            .ToListAsync(ct);
        var requeued = 0;
        foreach (var item in leased)
        {
            var record = item.Record;
            var worker = item.Worker;
            var dead = LocalWorkers.IsGone(worker.Host, worker.Pid);
            if (!dead && record.LeaseUntil >= now)
            {
                continue;
            }
            var reason = dead
                ? $"worker {worker.Id} ({worker.Host} pid {worker.Pid}) died while running it; requeued"
                : $"the lease of worker {worker.Id} ({worker.Pod ?? worker.Host} pid {worker.Pid}) expired; requeued";
            if (await InterruptAndRequeueAsync(db, record, reason, now, ct))
            {
                requeued++;
            }
        }
        return requeued;
    }

    /// <summary>Marks the record interrupted if it is still the same worker's running record, and queues its next attempt.</summary>
    private async Task<bool> InterruptAndRequeueAsync(StreamLabDbContext db, RecordEntity record, string reason, DateTimeOffset now, CancellationToken ct)
    {
        await using var tx = await Database.BeginWriteAsync(db, ct);
        // Conditional: of two workers noticing the same expiry, one wins; the loser updates nothing.
        var won = await db.Records.Where(r => r.Id == record.Id && r.Status == RecordStatus.Running && r.WorkerId == record.WorkerId)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RecordStatus.Interrupted)
                .SetProperty(r => r.Reason, reason).SetProperty(r => r.EndedAt, now), ct);
        if (won == 0)
        {
            return false;
        }
        await db.Workers.Where(w => w.Id == record.WorkerId)
            .ExecuteUpdateAsync(s => s.SetProperty(w => w.State, WorkerState.Lost), ct);
        var runActive = await db.Runs.AnyAsync(u => u.Id == record.RunId && u.State != RunState.Cancelled, ct);
        var succeeded = await db.Records.AnyAsync(r => r.RunId == record.RunId && r.PointKey == record.PointKey
            && r.Repetition == record.Repetition && r.Status == RecordStatus.Succeeded, ct);
        if (record.RunId is not null && runActive && !succeeded)
        {
            db.Records.Add(new RecordEntity
            {
                CampaignId = record.CampaignId,
                RunId = record.RunId,
                PointKey = record.PointKey,
                ParamsJson = record.ParamsJson,
                Repetition = record.Repetition,
                Status = RecordStatus.Queued,
                StartedAt = now,
                Attempt = record.Attempt + 1,
            });
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return true;
    }

    /// <summary>After a claimed record finished: its worker's count, other queued copies of a success, the run's state.</summary>
    private static async Task AfterClaimedFinishAsync(StreamLabDbContext db, RecordEntity record, RecordStatus status, CancellationToken ct)
    {
        await db.Workers.Where(w => w.Id == record.WorkerId).ExecuteUpdateAsync(s => s
            .SetProperty(w => w.RecordsDone, w => w.RecordsDone + 1).SetProperty(w => w.CurrentRecordId, (long?)null), ct);
        if (record.RunId is not { } runId)
        {
            return;
        }
        if (status == RecordStatus.Succeeded)
        {
            // A succeeded (point, repetition) of a run is never rerun.
            await db.Records.Where(r => r.RunId == runId && r.PointKey == record.PointKey && r.Repetition == record.Repetition
                && r.Status == RecordStatus.Queued).ExecuteDeleteAsync(ct);
        }
        await FinishIdleRunsAsync(db, record.CampaignId, ct);
    }
}
