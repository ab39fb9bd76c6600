using System.Data.Common;
using Microsoft.Data.Sqlite;
using StreamLab.Core.Raw;
using StreamLab.Core.Storage;

namespace StreamLab.Tests.Core.Storage;

/// <summary>The raw-row writer on each provider: SQLite's prepared inserts, PostgreSQL's binary COPY.</summary>
public abstract class BulkWriterTests(StoreProvider provider) : IAsyncLifetime
{
    private protected readonly StoreFixture _db = new(provider);

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task RoundTrip_FramesSamplesEvents_LoadRawReturnsExactValuesInTimeOrder()
    {
        var (_, id) = await _db.StartRecordAsync();
        var (_, other) = await _db.StartRecordAsync(point: "p=other");
        FrameRow[] frames =
        [
            new(id, 300, 3, null, 640, 480),
            new(id, 100, 2, 90, 1280, 720, 12_345, 1.5, 2.25, 0.8, 41.125),
            new(id, 100, 1, long.MinValue, 1, 1, long.MaxValue, double.MaxValue, -0.0, double.Epsilon, double.NegativeInfinity),
        ];
        SampleRow[] samples =
        [
            new(id, "cpu_pct{role=\"server\"}", 20, 55.5, false),
            new(id, "mem_mb{role=\"client\"}", 10, 1024, true),
            new(id, "cpu_pct{role=\"server\"}", 30, 60.25, false),
        ];
        EventRow[] events = [new(id, 7, "burst_off", "rate=2M"), new(id, 5, "burst_on", null)];

        await using (var writer = _db.Store.CreateRawWriter())
        {
            foreach (var f in frames) writer.Add(f);
            foreach (var s in samples) writer.Add(s);
            foreach (var e in events) writer.Add(e);
            writer.Add(new FrameRow(other, 1, 1, null, 1, 1));
            writer.Add(new SampleRow(other, "cpu_pct{role=\"server\"}", 1, 1, false));
            await writer.FlushAsync();
            Assert.Equal(8 + 2, writer.RowsWritten);
            Assert.Equal(writer.RowsAdded, writer.RowsWritten);
        }

        var raw = await _db.Store.LoadRawAsync(id);
        Assert.Equal([frames[2], frames[1], frames[0]], raw.Frames);
        Assert.Equal([samples[1], samples[0], samples[2]], raw.Samples);
        Assert.Equal([events[1], events[0]], raw.Events);
        Assert.Equal(2, _db.Count("SELECT COUNT(*) FROM series"));
    }

    [Fact]
    public async Task FlushAsync_MakesRowsVisibleToASecondConnection()
    {
        var (_, id) = await _db.StartRecordAsync();
        await using var writer = _db.Store.CreateRawWriter();
        for (var i = 0; i < 12_345; i++) writer.Add(new FrameRow(id, i, i, null, 2, 2));

        await writer.FlushAsync();
        Assert.Equal(12_345, _db.Count("SELECT COUNT(*) FROM frames"));

        writer.Add(new EventRow(id, 1, "stall", null));
        await writer.FlushAsync();
        Assert.Equal(1, _db.Count("SELECT COUNT(*) FROM events"));
    }

    [Fact]
    public async Task FlushAsync_WithConcurrentProducers_CoversEveryRowAddedBeforeIt()
    {
        var (_, id) = await _db.StartRecordAsync();
        await using var writer = _db.Store.CreateRawWriter();
        var producers = Enumerable.Range(0, 4).Select(p => Task.Run(() =>
        {
            for (var i = 0; i < 5_000; i++) writer.Add(new SampleRow(id, $"s{p}", i, i, false));
        })).ToArray();
        await Task.WhenAll(producers);

        await writer.FlushAsync();

        Assert.Equal(20_000, _db.Count("SELECT COUNT(*) FROM samples"));
    }

    [Fact]
    public async Task IdleTrickle_IsCommittedWithinMaxDelay_WithoutAFlush()
    {
        var (_, id) = await _db.StartRecordAsync();
        await using var writer = _db.Store.CreateRawWriter();
        for (var i = 0; i < 3; i++) writer.Add(new FrameRow(id, i, i, null, 2, 2));

        // MaxDelay is 50 ms; allow for a loaded test machine, but not for waiting on a full batch.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(2);
        while (_db.Count("SELECT COUNT(*) FROM frames") < 3 && DateTime.UtcNow < deadline) await Task.Delay(10);
        Assert.Equal(3, _db.Count("SELECT COUNT(*) FROM frames"));
    }

    [Fact]
    public async Task Backlog_LargerThanOneBatch_IsWrittenInOrder()
    {
        var (_, id) = await _db.StartRecordAsync();
        const int Rows = BulkWriter.MaxBatchRows * 3 + 123;
        await using (var writer = _db.Store.CreateRawWriter())
        {
            for (var i = 0; i < Rows; i++) writer.Add(new FrameRow(id, i, i, i, 2, 2, i, i));
            await writer.FlushAsync();
            Assert.Equal(Rows, writer.RowsWritten);
        }

        Assert.Equal(Rows, _db.Count("SELECT COUNT(*) FROM frames"));
        Assert.Equal(0, _db.Count("SELECT COUNT(*) FROM frames WHERE frame_id <> recv_wall_us"));
        var raw = await _db.Store.LoadRawAsync(id);
        Assert.Equal(Enumerable.Range(0, Rows).Select(i => (long)i), raw.Frames.Select(f => f.FrameId));
    }

    [Fact]
    public async Task WriteFailure_SurfacesFromFlushAndDispose()
    {
        var writer = _db.Store.CreateRawWriter();
        writer.Add(new FrameRow(RecordId: 424242, 1, 1, null, 1, 1)); // no such record: foreign key fails

        var flush = await Assert.ThrowsAsync<InvalidOperationException>(() => writer.FlushAsync());
        Assert.IsAssignableFrom<DbException>(flush.InnerException);
        Assert.Contains("1 rows were not written", flush.Message);
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await writer.DisposeAsync());
        Assert.Equal(0, writer.RowsWritten);
    }

    [Fact]
    public async Task Add_AfterDispose_Throws()
    {
        var writer = _db.Store.CreateRawWriter();
        await writer.DisposeAsync();
        Assert.Throws<ObjectDisposedException>(() => writer.Add(new EventRow(1, 1, "x", null)));
    }
}

/// <summary>SQLite only: the WAL checkpointer and what a killed process leaves in the file.</summary>
public sealed class BulkWriterTestsOnSqlite() : BulkWriterTests(StoreProvider.Sqlite)
{
    [Fact]
    public async Task Backlog_LargerThanOneBatch_IsCheckpointedIntoTheDatabaseFile()
    {
        var (_, id) = await _db.StartRecordAsync();
        const int Rows = BulkWriter.MaxBatchRows * 3 + 123;
        var before = new FileInfo(_db.DbPath).Length;
        await using (var writer = _db.Store.CreateRawWriter())
        {
            for (var i = 0; i < Rows; i++) writer.Add(new FrameRow(id, i, i, i, 2, 2, i, i));
            await writer.FlushAsync();
        }

        // The writer's connection does not checkpoint on commit; its checkpointer must have copied
        // the pages into the main file (several MB of frames), not left them all in the WAL.
        Assert.True(new FileInfo(_db.DbPath).Length > before + 4_000_000);
    }

    [Fact]
    public async Task FlushedRows_SurviveWithoutDispose_AsAfterAKill()
    {
        var (_, id) = await _db.StartRecordAsync();
        var writer = _db.Store.CreateRawWriter();
        for (var i = 0; i < 30_000; i++) writer.Add(new FrameRow(id, i, i, null, 2, 2));
        await writer.FlushAsync();

        // The writer is neither flushed again nor disposed; a copy of the files is what a killed
        // process leaves behind (committed WAL frames are in the file, not in process memory).
        var copy = CopyDatabase(_db.DbPath, "killed");
        Assert.Equal("ok", Scalar<string>(copy, "PRAGMA integrity_check"));
        Assert.Equal(30_000, Scalar<long>(copy, "SELECT COUNT(*) FROM frames"));

        await writer.DisposeAsync();
    }

    [Fact]
    public async Task DatabaseCopiedMidWrite_OpensAndPassesIntegrityCheck()
    {
        var (_, id) = await _db.StartRecordAsync();
        await using var writer = _db.Store.CreateRawWriter();
        using var stop = new CancellationTokenSource();
        var producer = Task.Run(async () =>
        {
            for (long i = 0; !stop.IsCancellationRequested; i++)
            {
                writer.Add(new FrameRow(id, i, i, i, 2, 2, i, i));
                if (i % 2_000 == 0) await Task.Delay(1);
            }
        });

        for (var copyNo = 0; copyNo < 3; copyNo++)
        {
            await Task.Delay(150);
            await writer.FlushAsync();
            var flushed = _db.Count("SELECT COUNT(*) FROM frames");
            // A hot copy as SQLite documents it: an open read transaction keeps the WAL from being
            // reset under the copy, while the writer keeps appending and committing.
            string copy;
            using (var reader = new SqliteConnection($"Data Source={_db.DbPath};Pooling=False"))
            {
                reader.Open();
                using var tx = reader.BeginTransaction(deferred: true);
                using (var read = reader.CreateCommand())
                {
                    read.Transaction = tx;
                    read.CommandText = "SELECT COUNT(*) FROM frames";
                    read.ExecuteScalar();
                }
                copy = CopyDatabase(_db.DbPath, $"midwrite{copyNo}");
            }
            Assert.Equal("ok", Scalar<string>(copy, "PRAGMA integrity_check"));
            Assert.True(Scalar<long>(copy, "SELECT COUNT(*) FROM frames") >= flushed);
        }

        stop.Cancel();
        await producer;
    }

    private string CopyDatabase(string path, string name)
    {
        var dir = Path.Combine(_db.DataDir, name);
        Directory.CreateDirectory(dir);
        var target = Path.Combine(dir, "copy.db");
        File.Copy(path, target);
        if (File.Exists(path + "-wal")) File.Copy(path + "-wal", target + "-wal");
        return target;
    }

    private static T Scalar<T>(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)command.ExecuteScalar()!;
    }
}

public sealed class BulkWriterTestsOnPostgres() : BulkWriterTests(StoreProvider.Postgres);
