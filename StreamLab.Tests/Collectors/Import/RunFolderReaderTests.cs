using System.Diagnostics;
using StreamLab.Collectors.Import;
using StreamLab.Core.Import;
using StreamLab.Tests.Collectors.Files;

namespace StreamLab.Tests.Collectors.Import;

/// <summary>Reading run folders: the harness's real layout, regular files only, and meta.env validated like the rest.</summary>
public sealed class RunFolderReaderTests : IDisposable
{
    /// <summary>A folder exactly as the harness writes it (header-less events.csv and prom.tsv, a cut last frame line).</summary>
    public static readonly string HarnessSample = "/work/shared/samples/harness-run-fec";

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Folder(string meta = "A=1\n", string events = "wall_us,event\n1,burst_on\n")
    {
        var dir = Path.Combine(_dir.Path, "run-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "meta.env"), meta);
        File.WriteAllText(Path.Combine(dir, "events.csv"), events);
        return dir;
    }

    [Fact]
    public void Scan_HarnessSample_AcceptsHeaderlessFiles_AndNotesTheCutLineWithoutAProblem()
    {
        var folder = RunFolderReader.Scan(HarnessSample);

        Assert.Equal(0, folder.ProblemCount);
        Assert.Equal(new ImportRowCounts(360, 299, 26, 4), folder.Counts);
        var cut = Assert.Single(folder.Notes, n => n.Contains("cut short"));
        Assert.StartsWith(Path.Combine(HarnessSample, "frames.csv") + ":362:", cut);

        var sink = new MemorySink();
        RunFolderReader.Stream(folder, sink, CancellationToken.None);
        Assert.Equal(["burst_on", "burst_off", "burst_on", "burst_off"], sink.Events.Select(e => e.Kind));
        Assert.Equal(360, sink.Frames.Count);
        Assert.Contains(sink.Samples, s => s.Series == "livekit_nack_total{track=\"v\"}");
    }

    [Fact]
    public void Scan_SymlinkedFile_IsRefusedAndNeverRead()
    {
        var dir = Folder();
        File.Delete(Path.Combine(dir, "meta.env"));
        File.CreateSymbolicLink(Path.Combine(dir, "meta.env"), "/etc/passwd");
        File.CreateSymbolicLink(Path.Combine(dir, "frames.csv"), "/dev/zero");

        var folder = RunFolderReader.Scan(dir);

        Assert.True(folder.Broken);
        Assert.Contains(folder.Problems, p => p.File.EndsWith("meta.env") && p.Line == 0 && p.Message.Contains("symbolic link"));
        Assert.Contains(folder.Problems, p => p.File.EndsWith("frames.csv") && p.Message.Contains("symbolic link"));
        Assert.DoesNotContain(folder.Problems, p => p.Message.Contains("root"));
    }

    [Fact]
    public void InputFileKind_DeviceFifoAndFolder_AreNotRegularFiles()
    {
        Assert.Contains("is a device", InputFileKind.Problem("/dev/zero", out _));
        Assert.Contains("is a folder", InputFileKind.Problem(_dir.Path, out _));
        Assert.Null(InputFileKind.Problem(Path.Combine(Folder(), "meta.env"), out _));
        Assert.Equal("missing", InputFileKind.Problem(_dir.File("nothing"), out var missing));
        Assert.True(missing);
    }

    [Fact]
    public async Task Scan_Fifo_IsRefusedWithoutWaitingForAWriter()
    {
        var dir = Folder();
        using (var mkfifo = Process.Start("mkfifo", Path.Combine(dir, "prom.tsv")))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var scan = Task.Run(() => RunFolderReader.Scan(dir));
        var finished = await Task.WhenAny(scan, Task.Delay(TimeSpan.FromSeconds(20)));

        Assert.True(finished == scan, "reading a FIFO hung");
        Assert.Contains((await scan).Problems, p => p.File.EndsWith("prom.tsv") && p.Message.Contains("FIFO"));
    }

    [Theory]
    [InlineData("STATUS=99", "'99' is not the status of a finished record")]
    [InlineData("STATUS=running", "'running' is not the status of a finished record")]
    [InlineData("STATUS=succeeded,failed", "is not the status of a finished record")]
    [InlineData("T0_US=soon", "'soon' is not an integer")]
    public void Scan_MetaEnvValues_AreValidatedOnTheirLine(string line, string message)
    {
        var folder = RunFolderReader.Scan(Folder(meta: "A=1\n" + line + "\n"));

        var problem = Assert.Single(folder.Problems);
        Assert.Equal(2, problem.Line);
        Assert.Contains(message, problem.Message);
        Assert.True(folder.Broken);
    }

    [Fact]
    public void Scan_StatusOfAFinishedRecord_InAnyCase_IsAccepted()
    {
        var folder = RunFolderReader.Scan(Folder(meta: "STATUS=Cancelled\n"));

        Assert.Equal(0, folder.ProblemCount);
        Assert.Equal(StreamLab.Core.Storage.RecordStatus.Cancelled, MetaEnvParser.Status(folder.Meta));
    }

    [Fact]
    public void Scan_MetaEnvOfManyBadLines_KeepsTheFirst100_AndCountsAll()
    {
        var folder = RunFolderReader.Scan(Folder(meta: string.Concat(Enumerable.Repeat("not a pair\n", 20_000))));

        Assert.Equal(20_000, folder.ProblemCount);
        Assert.Equal(ImportLimits.MaxProblemsListed, folder.Problems.Count);
    }

    [Fact]
    public void Stream_FileChangedAfterTheScan_IsRefused()
    {
        var dir = Folder(events: "1,burst_on\n");
        var folder = RunFolderReader.Scan(dir);
        File.AppendAllText(Path.Combine(dir, "events.csv"), "2,burst_off\n");

        var e = Assert.Throws<InvalidDataException>(() => RunFolderReader.Stream(folder, new MemorySink(), CancellationToken.None));
        Assert.Contains("changed while it was imported", e.Message);
    }
}
