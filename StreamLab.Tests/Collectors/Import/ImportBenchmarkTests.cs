using StreamLab.Collectors.Import;

namespace StreamLab.Tests.Collectors.Import;

public class ImportBenchmarkTests
{
    [Fact]
    public void Run_SmallFolder_ImportsEveryRowAndReportsBothRates()
    {
        var dir = Path.Combine(Path.GetTempPath(), "streamlab-bench-tests", Guid.NewGuid().ToString("N"));
        try
        {
            var result = ImportBenchmark.Run(dir, 3_000);

            Assert.Equal(3_000 + 101 * 4 + 2, result.Rows);
            Assert.True(result.RowsPerSecond > 0 && result.Ingest.Bulk.RowsPerSecond > 0);
            Assert.Contains("import: parse + summary + one transaction", result.ToString());
            Assert.Contains("bulk writer raw frame inserts (same run)", result.ToString());
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }
}
