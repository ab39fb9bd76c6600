using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace StreamLab.Core.Storage;

/// <summary>
/// Copies the bulk writer's WAL into the database file on its own connection and thread, so that
/// commits no longer stop inserting for a checkpoint (with SQLite's automatic checkpoint, every 1,000
/// WAL pages a commit copied them and synced the file: a quarter of the writer's time in a burst).
/// </summary>
/// <remarks>
/// A checkpoint is asked for once <see cref="CheckpointRows"/> rows or <see cref="CheckpointCommits"/> commits went in
/// since the last one (asking after every commit made a trickle of frames sync the WAL and the database file 20 times a
/// second: a fifth of StreamLab's CPU while recording), and once more when the writer stops.
/// Checkpoints are PASSIVE and do what they did before: sync the WAL, copy committed pages, sync the
/// database file. Durability of a commit does not depend on them (a committed WAL frame survives a kill).
/// A WAL can only start over from its beginning when a write transaction begins with every frame
/// copied, which a writer that never pauses would not see; so once the WAL exceeds
/// <see cref="MaxWalPages"/>, <see cref="Committed"/> waits for a checkpoint that covers the commit
/// before the writer starts its next transaction. That bounds the WAL; it never blocks Add.
/// </remarks>
internal sealed class WalCheckpointer : IDisposable
{
    /// <summary>WAL length (pages, 4 KiB each by default) past which the writer waits for the checkpointer.</summary>
    public const int MaxWalPages = 16_384;

    /// <summary>Rows after which a checkpoint is due: one per full batch of a backlog, as before.</summary>
    public const int CheckpointRows = BulkWriter.MaxBatchRows;

    /// <summary>Commits after which a checkpoint is due: a trickle's WAL holds a few pages per commit, about 1,000 pages here.</summary>
    public const int CheckpointCommits = 240;

    private readonly object _gate = new(); // Monitor.Wait/Pulse, so not a System.Threading.Lock
    private readonly SqliteConnection _connection;
    private readonly Task _loop;
    private long _requested;
    private long _done;
    private int _walPages;
    private long _rowsSince;
    private int _commitsSince;
    private bool _stopping;
    private Exception? _failure;

    public WalCheckpointer(string connectionString)
    {
        _connection = SqliteSetup.Open(connectionString);
        _loop = Task.Factory.StartNew(Run, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Turns off SQLite's own checkpoint-on-commit for the writer's connection.</summary>
    public static void DisableAutoCheckpoint(SqliteConnection writer)
    {
        var db = writer.Handle ?? throw new InvalidOperationException("The connection is not open.");
        SqliteException.ThrowExceptionForRC(raw.sqlite3_wal_autocheckpoint(db, 0), db);
    }

    /// <summary>
    /// Call after each commit of <paramref name="rows"/> rows: requests a checkpoint when one is due and, while the WAL
    /// is longer than <see cref="MaxWalPages"/>, waits until one that began after this commit has finished.
    /// </summary>
    public void Committed(long rows)
    {
        lock (_gate)
        {
            _rowsSince += rows;
            if (_rowsSince < CheckpointRows && ++_commitsSince < CheckpointCommits) return;
            _rowsSince = 0;
            _commitsSince = 0;
            var ticket = ++_requested;
            Monitor.PulseAll(_gate);
            while (_walPages >= MaxWalPages && _done < ticket && _failure is null) Monitor.Wait(_gate);
            if (_failure is not null) throw new InvalidOperationException("The WAL checkpoint failed.", _failure);
        }
    }

    private void Run()
    {
        var db = _connection.Handle!;
        while (true)
        {
            long ticket;
            lock (_gate)
            {
                while (_requested == _done && !_stopping) Monitor.Wait(_gate);
                if (_requested == _done) return;
                ticket = _requested;
            }
            var rc = raw.sqlite3_wal_checkpoint_v2(db, null, raw.SQLITE_CHECKPOINT_PASSIVE, out var walPages, out _);
            lock (_gate)
            {
                // BUSY: another connection is checkpointing; the next commit asks again.
                if (rc is not raw.SQLITE_OK and not raw.SQLITE_BUSY and not raw.SQLITE_LOCKED)
                {
                    _failure = new SqliteException(raw.sqlite3_errmsg(db).utf8_to_string(), rc);
                    Monitor.PulseAll(_gate);
                    return;
                }
                if (rc == raw.SQLITE_OK) _walPages = walPages;
                _done = ticket;
                Monitor.PulseAll(_gate);
            }
        }
    }

    /// <summary>Finishes the checkpoint in progress or requested, then closes the connection.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_rowsSince > 0) _requested++; // what the last commits left in the WAL
            _stopping = true;
            Monitor.PulseAll(_gate);
        }
        _loop.GetAwaiter().GetResult();
        _connection.Dispose();
    }
}
