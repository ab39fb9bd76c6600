using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using StreamLab.Core.Storage;

namespace StreamLab.Tests.Core.Storage;

/// <summary>Runs, claims and leases on each provider (subclasses at the end of the file).</summary>
public abstract class WorkQueueTests(StoreProvider provider) : IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private readonly StoreFixture _db = new(provider);

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    private async Task<(long CampaignId, long RunId)> QueueAsync(int points, string campaign = "c1")
    {
        var campaignId = await _db.Store.UpsertCampaignAsync(StoreFixture.Campaign(campaign));
        var records = Enumerable.Range(0, points)
            .Select(i => new QueuedRecord($"p={i}", new Dictionary<string, string> { ["p"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) }, 1))
            .ToList();
        return (campaignId, await _db.Store.CreateRunAsync(new NewRun(campaignId, "name: c1\n", "baseline"), records));
    }

    private static WorkerIdentity Worker(string host = "elsewhere") => new(host, 4242, "pod-0");

    [Fact]
    public async Task CreateRun_QueuesEveryRecord_AndClaimsOldestFirstUntilNoneIsLeft()
    {
        var (_, runId) = await QueueAsync(3);
        var worker = await _db.Store.RegisterWorkerAsync(Worker());

        var run = await _db.Store.GetRunAsync(runId);
        Assert.Equal((RunState.Queued, "baseline", "name: c1\n", "c1"), (run!.State, run.Label, run.Yaml, run.Campaign));
        Assert.Equal(new QueueCounts(3, 0, 0, 0, 0), await _db.Store.CountQueueAsync(new ClaimScope(RunId: runId)));
        var first = await _db.Store.ClaimAsync(worker, new ClaimScope(RunId: runId), Lease, StoreFixture.Host);
        Assert.Equal(("p=0", 1, 1, runId), (first!.PointKey, first.Repetition, first.Attempt, first.RunId));
        Assert.Equal(RunState.Running, (await _db.Store.GetRunAsync(runId))!.State);
        var view = await _db.Store.GetRecordAsync(first.RecordId);
        Assert.Equal((RecordStatus.Running, "lab-1"), (view!.Status, view.Host!.Hostname));

        await _db.Store.FinishRecordAsync(first.RecordId, RecordStatus.Succeeded, null, DateTimeOffset.UtcNow, new Dictionary<string, double> { ["m"] = 1 });
        var second = await _db.Store.ClaimAsync(worker, ClaimScope.Any, Lease, StoreFixture.Host);
        var third = await _db.Store.ClaimAsync(worker, new ClaimScope(PointKey: "p=2"), Lease, StoreFixture.Host);
        Assert.Equal(("p=1", "p=2"), (second!.PointKey, third!.PointKey));
        Assert.Null(await _db.Store.ClaimAsync(worker, ClaimScope.Any, Lease, StoreFixture.Host));
        await _db.Store.FinishRecordAsync(second.RecordId, RecordStatus.Failed, "x", DateTimeOffset.UtcNow, new Dictionary<string, double>());
        await _db.Store.FinishRecordAsync(third.RecordId, RecordStatus.Succeeded, null, DateTimeOffset.UtcNow, new Dictionary<string, double>());

        Assert.Equal(new QueueCounts(0, 0, 2, 1, 0), await _db.Store.CountQueueAsync(new ClaimScope(RunId: runId)));
        Assert.Equal(RunState.Finished, (await _db.Store.GetRunAsync(runId))!.State);
        Assert.Equal(3, (await _db.Store.ListWorkersAsync()).Single().RecordsDone);
    }

    [Fact]
    public async Task FourWorkersOnTheirOwnConnections_ClaimConcurrently_NeverTheSameRecord()
    {
        const int records = 40;
        var (_, runId) = await QueueAsync(records);
        var claims = new ConcurrentBag<(long Worker, long Record)>();
        var stores = Enumerable.Range(0, 4).Select(_ => _db.Reopen()).ToList();

        await Task.WhenAll(stores.Select(store => Task.Run(async () =>
        {
            var worker = await store.RegisterWorkerAsync(Worker());
            while (await store.ClaimAsync(worker, new ClaimScope(RunId: runId), Lease, StoreFixture.Host) is { } claimed)
            {
                claims.Add((worker, claimed.RecordId));
                await store.FinishRecordAsync(claimed.RecordId, RecordStatus.Succeeded, null, DateTimeOffset.UtcNow, new Dictionary<string, double>());
            }
        })));
        stores.ForEach(s => s.Database.Dispose());

        Assert.Equal(records, claims.Count);
        Assert.Equal(records, claims.Select(c => c.Record).Distinct().Count());
        Assert.True(claims.Select(c => c.Worker).Distinct().Count() >= 2, "the claims were shared between workers");
        Assert.Equal(records, (await _db.Store.CountQueueAsync(new ClaimScope(RunId: runId))).Succeeded);
    }

    [Fact]
    public async Task ExpiredLease_MarksTheRecordInterrupted_QueuesTheNextAttempt_AndTheLateWorkerCannotOverwriteIt()
    {
        var (_, runId) = await QueueAsync(1);
        var slow = await _db.Store.RegisterWorkerAsync(Worker());
        var claimed = await _db.Store.ClaimAsync(slow, ClaimScope.Any, TimeSpan.FromMilliseconds(1), StoreFixture.Host);
        await Task.Delay(20);

        Assert.Equal(1, await _db.Store.RequeueExpiredAsync());
        Assert.Equal(0, await _db.Store.RequeueExpiredAsync());

        var old = await _db.Store.GetRecordAsync(claimed!.RecordId);
        Assert.Equal(RecordStatus.Interrupted, old!.Status);
        Assert.Contains("lease", old.Reason);
        Assert.False(await _db.Store.HeartbeatAsync(slow, claimed.RecordId, Lease), "the slow worker learns its lease is gone");
        await _db.Store.FinishRecordAsync(claimed.RecordId, RecordStatus.Succeeded, null, DateTimeOffset.UtcNow, new Dictionary<string, double> { ["m"] = 1 });
        Assert.Equal(RecordStatus.Interrupted, (await _db.Store.GetRecordAsync(claimed.RecordId))!.Status);

        var other = await _db.Store.RegisterWorkerAsync(Worker());
        var retry = await _db.Store.ClaimAsync(other, ClaimScope.Any, Lease, StoreFixture.Host);
        Assert.Equal(("p=0", 1, 2, runId), (retry!.PointKey, retry.Repetition, retry.Attempt, retry.RunId));
        var lost = (await _db.Store.ListWorkersAsync()).Single(w => w.Id == slow);
        Assert.Equal((WorkerState.Active, retry.RecordId), (lost.State, lost.RequeuedAs)); // its heartbeat above revived it
        await _db.Store.FinishRecordAsync(retry.RecordId, RecordStatus.Succeeded, null, DateTimeOffset.UtcNow, new Dictionary<string, double>());
        Assert.Equal(RunState.Finished, (await _db.Store.GetRunAsync(runId))!.State);
        Assert.Single(await _db.Store.SucceededAsync(retry.CampaignId));
    }

    [Fact]
    public async Task WorkerWhoseProcessIsGone_OnThisHost_IsLostAndItsRecordRequeuedAtOnce()
    {
        using var gone = Process.Start("true")!;
        await gone.WaitForExitAsync();
        await QueueAsync(1);
        var dead = await _db.Store.RegisterWorkerAsync(new WorkerIdentity(Environment.MachineName, gone.Id));
        var claimed = await _db.Store.ClaimAsync(dead, ClaimScope.Any, Lease, StoreFixture.Host);

        Assert.Equal(1, await _db.Store.MarkInterruptedAsync());

        Assert.Equal(RecordStatus.Interrupted, (await _db.Store.GetRecordAsync(claimed!.RecordId))!.Status);
        var worker = (await _db.Store.ListWorkersAsync()).Single();
        Assert.Equal(WorkerState.Lost, worker.State);
        Assert.NotNull(worker.RequeuedAs);
        Assert.Equal(RecordStatus.Queued, (await _db.Store.GetRecordAsync(worker.RequeuedAs!.Value))!.Status);
    }

    [Fact]
    public async Task NewRun_DropsWhatEarlierRunsLeftQueued_AndCancelDropsItsOwn()
    {
        var (campaignId, first) = await QueueAsync(3);
        var worker = await _db.Store.RegisterWorkerAsync(Worker());
        var running = await _db.Store.ClaimAsync(worker, ClaimScope.Any, Lease, StoreFixture.Host);

        var second = await _db.Store.CreateRunAsync(new NewRun(campaignId, "name: c1\n"), [new QueuedRecord("p=1", new Dictionary<string, string>(), 1)]);

        Assert.Equal(new QueueCounts(0, 1, 0, 0, 0), await _db.Store.CountQueueAsync(new ClaimScope(RunId: first)));
        Assert.Equal(1, await _db.Store.CancelRunAsync(second));
        Assert.Equal(RunState.Cancelled, (await _db.Store.GetRunAsync(second))!.State);
        Assert.Equal([second, first], (await _db.Store.ListRunsAsync(campaignId)).Select(r => r.Id));
        Assert.Equal(running!.RecordId, Assert.Single(await _db.Store.ListRecordsAsync("c1")).Id);
    }

    [Fact]
    public async Task JoinOrCreateRun_ManyPodsAtOnce_JoinOneRun()
    {
        var campaignId = await _db.Store.UpsertCampaignAsync(StoreFixture.Campaign("c1"));
        var stores = Enumerable.Range(0, 4).Select(_ => _db.Reopen()).ToList();

        var ids = await Task.WhenAll(stores.Select(s => Task.Run(() => s.JoinOrCreateRunAsync(new NewRun(campaignId, "y"), "job-1",
            [new QueuedRecord("p=1", new Dictionary<string, string>(), 1)]))));
        stores.ForEach(s => s.Database.Dispose());

        Assert.Single(ids.Distinct());
        Assert.Equal(1, (await _db.Store.CountQueueAsync(ClaimScope.Any)).Queued);
    }

    [Fact]
    public async Task Migration_TurnsEachCampaignsExistingRecordsIntoItsFirstRun()
    {
        await using var db = _db.Store.Database.CreateContext();
        var migrator = db.GetService<IMigrator>();
        var before = db.Database.GetMigrations().TakeWhile(m => !m.EndsWith("_AddRunsAndWorkers", StringComparison.Ordinal)).Last();
        await migrator.MigrateAsync(before);
        Execute("INSERT INTO campaigns (name, yaml, source_path, created_at) VALUES ('old', 'name: old', 'old.yaml', '2026-01-01 00:00:00+00:00')");
        Execute("INSERT INTO campaigns (name, yaml, source_path, created_at) VALUES ('empty', 'name: empty', 'e.yaml', '2026-01-01 00:00:00+00:00')");
        foreach (var rep in new[] { 1, 2 })
        {
            Execute($"INSERT INTO records (campaign_id, point_key, params_json, repetition, status, started_at) " +
                    $"VALUES (1, 'p=1', '{{}}', {rep}, 'succeeded', '2026-01-0{rep} 00:00:00+00:00')");
        }

        await _db.Store.MigrateAsync();

        var run = Assert.Single(await _db.Store.ListRunsAsync());
        Assert.Equal(("old", RunState.Finished, "name: old"), (run.Campaign, run.State, run.Yaml));
        Assert.Equal(2, _db.Count($"SELECT COUNT(*) FROM records WHERE run_id = {run.Id} AND attempt = 1"));
    }

    private void Execute(string sql)
    {
        using var connection = _db.OpenUnpooled();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

public sealed class SqliteWorkQueueTests() : WorkQueueTests(StoreProvider.Sqlite)
{
    [Fact]
    public async Task WriteTransaction_IsBeginImmediate_SoASecondWriterWaitsAtItsBegin()
    {
        var fixture = new StoreFixture();
        await fixture.InitializeAsync();
        try
        {
            await using var db = fixture.Store.Database.CreateContext();
            await using var tx = await fixture.Store.Database.BeginWriteAsync(db, CancellationToken.None);
            using var other = new SqliteConnection($"Data Source={fixture.DbPath};Pooling=False;Default Timeout=1");
            other.Open();
            using var busy = other.CreateCommand();
            busy.CommandText = "BEGIN IMMEDIATE;"; // retried for the 1 s command timeout, then given up
            var e = Assert.Throws<SqliteException>(() => busy.ExecuteNonQuery());
            Assert.Equal(5, e.SqliteErrorCode); // SQLITE_BUSY: the first transaction already holds the write lock
        }
        finally
        {
            await fixture.DisposeAsync();
        }
    }
}

public sealed class PostgresWorkQueueTests() : WorkQueueTests(StoreProvider.Postgres);
