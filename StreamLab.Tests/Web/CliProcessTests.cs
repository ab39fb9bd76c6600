using System.Diagnostics;
using Microsoft.Data.Sqlite;
using StreamLab.Tests.Collectors.Processes;
using StreamLab.Core.Storage;

namespace StreamLab.Tests.Web;

/// <summary>`streamlab run` as a real process: Ctrl-C, and kill -9 of StreamLab itself.</summary>
[Trait("Category", "Slow")]
public class CliProcessTests
{
    private static string Executable => Path.Combine(AppContext.BaseDirectory, "streamlab");

    private static string LongCampaign(Lab lab) => lab.Campaign($$"""
        name: long
        duration: 60s
        stop_grace: 1s
        matrix: { n: [1, 2] }
        roles:
          r:
            command: ["python3", "{{Path.Combine(Repo.TestStacks, "role.py")}}", "--spawn-child", "--frames", "{record_dir}/frames.csv", "--tag", "{tag}"]
            ready: { log: "role started", timeout: 20s }
            frames: "{record_dir}/frames.csv"
        """).SourcePath;

    private static Process Start(Lab lab, string campaignFile)
    {
        var psi = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "run", campaignFile, "--data", lab.DataDirectory })
        {
            psi.ArgumentList.Add(arg);
        }
        return Process.Start(psi)!;
    }

    /// <summary>Waits until the first record has stored frames, so the run is well under way.</summary>
    private static async Task<long> WaitForFramesAsync(Lab lab)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var running = (await lab.Store.ListRecordsAsync("long")).FirstOrDefault(r => r.Status == RecordStatus.Running);
            if (running is not null && (await lab.Store.LoadRawAsync(running.Id)).Frames.Count >= 5)
            {
                return running.Id;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("the run stored no frames within 30 s");
    }

    [Fact]
    public async Task CtrlC_CancelsTheRecord_ReapsItsProcesses_AndExits130()
    {
        await using var lab = await Lab.StartAsync();
        using var run = Start(lab, LongCampaign(lab));
        var stdout = run.StandardOutput.ReadToEndAsync();
        var stderr = run.StandardError.ReadToEndAsync();
        var recordId = await WaitForFramesAsync(lab);

        Assert.True(StreamLab.Collectors.Processes.Libc.Kill(run.Id, 2), "SIGINT");
        await run.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(130, run.ExitCode);
        Assert.Contains("cancelled", await stdout);
        Assert.Contains("stopping", await stderr);
        Assert.Equal(RecordStatus.Cancelled, (await lab.Store.GetRecordAsync(recordId))!.Status);
        Assert.Single(await lab.Store.ListRecordsAsync("long"));
        Assert.Empty(lab.Leftovers());
    }

    [Fact]
    public async Task Kill9_LeavesAReadableDatabase_AndTheNextRunMarksInterruptedKillsStraysAndResumes()
    {
        await using var lab = await Lab.StartAsync();
        var file = LongCampaign(lab);
        using var run = Start(lab, file);
        var recordId = await WaitForFramesAsync(lab);
        var framesBefore = (await lab.Store.LoadRawAsync(recordId)).Frames.Count;

        run.Kill(entireProcessTree: false); // SIGKILL to StreamLab only: its role guard kills the roles (RunnerDeathTests times it)
        await run.WaitForExitAsync();
        Assert.Empty(await ProcFacts.EventuallyAsync(lab.Leftovers, l => l.Count == 0));

        using (var db = new SqliteConnection($"Data Source={Path.Combine(lab.DataDirectory, "streamlab.db")}"))
        {
            db.Open();
            using var check = db.CreateCommand();
            check.CommandText = "PRAGMA integrity_check";
            Assert.Equal("ok", check.ExecuteScalar());
        }
        Assert.Equal(RecordStatus.Running, (await lab.Store.GetRecordAsync(recordId))!.Status);
        Assert.True((await lab.Store.LoadRawAsync(recordId)).Frames.Count >= framesBefore);

        // The next run of any campaign on this data folder marks the dead run's record, then resumes.
        var quick = lab.Campaign(File.ReadAllText(file).Replace("duration: 60s", "duration: 500ms"));
        var result = await lab.RunAsync(quick);

        var interrupted = (await lab.Store.GetRecordAsync(recordId))!;
        Assert.Equal(RecordStatus.Interrupted, interrupted.Status);
        Assert.True((await lab.Store.LoadRawAsync(recordId)).Frames.Count >= framesBefore, "rows of the interrupted record are kept");
        Assert.Empty(lab.Leftovers());
        Assert.Equal(2, result.Count(RecordStatus.Succeeded));
    }
}
