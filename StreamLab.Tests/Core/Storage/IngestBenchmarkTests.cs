using Microsoft.Data.Sqlite;
using StreamLab.Core.Storage;

namespace StreamLab.Tests.Core.Storage;

public sealed class IngestBenchmarkTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "streamlab-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public void Run_SmallCount_WritesEveryRowBothWaysAndPrintsATable()
    {
        var result = IngestBenchmark.Run(_dir, 20_000);

        Assert.Equal(20_000, result.Rows);
        foreach (var name in new[] { "ingest-bulk.db", "ingest-prepared.db" })
        {
            using var connection = new SqliteConnection($"Data Source={Path.Combine(_dir, name)};Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*), COUNT(DISTINCT frame_id), SUM(size_bytes) FROM frames";
            using var reader = command.ExecuteReader();
            reader.Read();
            Assert.Equal(20_000, reader.GetInt64(0));
            Assert.Equal(20_000, reader.GetInt64(1));
            Assert.Equal(Enumerable.Range(0, 20_000).Sum(i => IngestBenchmark.SyntheticFrame(1, i).SizeBytes!.Value), reader.GetInt64(2));
        }
        Assert.False(File.Exists(Path.Combine(_dir, "warmup-bulk.db")));
        Assert.True(result.Bulk.Bytes > 0 && result.Prepared.Bytes > 0);
        Assert.Contains("bulk / prepared", result.ToString());
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
