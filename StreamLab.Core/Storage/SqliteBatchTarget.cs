using Microsoft.Data.Sqlite;
using StreamLab.Core.Raw;

namespace StreamLab.Core.Storage;

/// <summary>SQLite's side of the bulk writer: prepared multi-row INSERTs in one transaction, WAL checkpoints on their own thread.</summary>
internal sealed class SqliteBatchTarget : IRawBatchTarget
{
    private readonly SqliteConnection _connection;
    private readonly WalCheckpointer _checkpointer;
    private readonly RawRowInserter _inserter;

    public SqliteBatchTarget(string connectionString)
    {
        _connection = SqliteSetup.Open(connectionString);
        try
        {
            WalCheckpointer.DisableAutoCheckpoint(_connection);
            _checkpointer = new WalCheckpointer(connectionString);
            _inserter = new RawRowInserter(_connection);
        }
        catch
        {
            _connection.Dispose();
            throw;
        }
    }

    public void Write(List<ArraySegment<FrameRow>> frames, List<ArraySegment<SampleRow>> samples, List<ArraySegment<EventRow>> events)
    {
        using var tx = _connection.BeginTransaction();
        try
        {
            foreach (var chunk in frames) _inserter.InsertFrames(chunk);
            foreach (var chunk in samples) _inserter.InsertSamples(chunk);
            foreach (var chunk in events) _inserter.InsertEvents(chunk);
            tx.Commit();
        }
        catch
        {
            _inserter.ForgetSeries();
            throw;
        }
    }

    public void Committed(long rows) => _checkpointer.Committed(rows);

    public void Dispose()
    {
        _inserter.Dispose();
        _checkpointer.Dispose();
        _connection.Dispose();
    }
}
