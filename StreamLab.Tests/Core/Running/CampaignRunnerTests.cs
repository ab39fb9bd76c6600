using StreamLab.Core.Metrics;
using StreamLab.Core.Storage;

namespace StreamLab.Tests.Core.Running;

/// <summary>The runner end to end: real processes, a real SQLite file.</summary>
[Trait("Category", "Slow")]
public class CampaignRunnerTests
{
    private static string DemoStack => Path.Combine(Repo.Root, "campaigns", "stacks", "demo");
    private static string RoleScript => Path.Combine(Repo.TestStacks, "role.py");

    private static string DemoCampaign(string name, string extra = "") => $"""
        name: {name}
        duration: 2s
        warmup: 500ms
        sample_interval: 250ms
        repetitions: 1
        matrix:
          rate: [20]
          size: [small]
        {extra}
        roles:
          server:
            command: ["python3", "server.py", "--rate", "{"{rate}"}", "--port", "{"{port}"}"]
            ready: {"{"} tcp: "127.0.0.1:{"{port}"}", timeout: 10s {"}"}
            cwd: {DemoStack}
            env: {"{"} SIZE: "{"{size}"}" {"}"}
          client:
            command: ["python3", "client.py", "--port", "{"{port}"}", "--out", "{"{record_dir}"}/frames.csv"]
            ready: {"{"} log: "connected", timeout: 20s {"}"}
            cwd: {DemoStack}
            frames: "{"{record_dir}"}/frames.csv"
        """;

    [Fact]
    public async Task Run_ExternalStack_StoresRecordFramesSamplesAndSummary()
    {
        await using var lab = await Lab.StartAsync();
        var result = await lab.RunAsync(lab.Campaign(DemoCampaign("demo")));

        var outcome = Assert.Single(result.Outcomes);
        Assert.True(outcome.Status == RecordStatus.Succeeded, outcome.Reason);
        var record = await lab.Store.GetRecordAsync(outcome.RecordId);
        Assert.NotNull(record);
        Assert.Equal("rate=20_size=small", record.PointKey);
        Assert.Equal("20", record.Params["rate"]);
        Assert.Equal(2_000_000, record.T1Us - record.T0Us);
        Assert.True(record.Host!.CoreCount >= 1);

        // 20 fps for 2 s: about 40 frames, none lost, loopback latency well under 100 ms.
        var s = record.Summary;
        Assert.InRange(s["frames_received"], 34, 42);
        Assert.InRange(s["fps_mean"], 17, 21);
        Assert.Equal(0, s["frames_lost"]);
        Assert.InRange(s["latency_p50_ms"], 0, 100);
        Assert.InRange(s["bandwidth_mbps"], 0.1, 0.2); // 20 × 1000 B × 8 = 0.16 Mbit/s
        Assert.InRange(s["first_frame_ms"], 0, 5000);
        Assert.True(s["rss_mb_server"] > 1, "server RSS");
        Assert.True(s.ContainsKey("cpu_pct_client"));
        Assert.True(s.ContainsKey("sys_cpu_pct") && s.ContainsKey("sys_mem_mb"));

        var raw = await lab.Store.LoadRawAsync(outcome.RecordId);
        Assert.True(raw.Frames.Count >= s["frames_received"]);
        Assert.Contains(raw.Samples, x => x.Series == SeriesNames.RoleCpuPct("server") && x.Warmup);
        Assert.Contains(raw.Samples, x => x.Series == SeriesNames.RoleCpuPct("server") && !x.Warmup);
        Assert.Contains(raw.Events, e => e.Kind == "process_start" && e.Detail!.Contains("role=server"));
        Assert.Contains(raw.Events, e => e.Kind == "process_exit" && e.Detail!.Contains("role=client"));
        Assert.True(File.Exists(Path.Combine(record.RecordDir!, "server.stdout.log")));
        Assert.Contains("listening on", await File.ReadAllTextAsync(Path.Combine(record.RecordDir!, "server.stdout.log")));
    }

    [Fact]
    public async Task Run_RoleSamplesFile_IsTailedIntoSeriesFlaggedByWindow()
    {
        await using var lab = await Lab.StartAsync();
        var campaign = lab.Campaign($$"""
            name: samples
            duration: 1s
            warmup: 1s
            roles:
              r:
                command: ["python3", "{{RoleScript}}", "--samples", "{record_dir}/prom.tsv", "--tag", "{tag}"]
                ready: { log: "role started", timeout: 20s }
                samples: "{record_dir}/prom.tsv"
            """);
        var outcome = Assert.Single((await lab.RunAsync(campaign)).Outcomes);
        Assert.True(outcome.Status == RecordStatus.Succeeded, outcome.Reason);

        var record = (await lab.Store.GetRecordAsync(outcome.RecordId))!;
        var queue = (await lab.Store.LoadRawAsync(outcome.RecordId)).Samples.Where(x => x.Series == "queue_depth{role=\"r\"}").ToArray();
        Assert.True(queue.Length >= 20, $"{queue.Length} samples");
        Assert.All(queue, x => Assert.Equal(x.TimeUs < record.T0Us, x.Warmup));
        Assert.Contains(queue, x => x.Warmup);
        Assert.Contains(queue, x => !x.Warmup);
    }

    [Fact]
    public async Task Run_CrashingRole_FailsItsRecordWithExitCodeAndStderr_AndTheCampaignGoesOn()
    {
        await using var lab = await Lab.StartAsync();
        var campaign = lab.Campaign($$"""
            name: crash
            duration: 3s
            sample_interval: 200ms
            matrix:
              crash_after: [0.5, 100]
            roles:
              victim:
                command: ["python3", "{{RoleScript}}", "--crash-after", "{crash_after}", "--frames", "{record_dir}/frames.csv", "--tag", "{tag}"]
                frames: "{record_dir}/frames.csv"
            """);
        var result = await lab.RunAsync(campaign);

        Assert.Equal(2, result.Outcomes.Count);
        var crashed = result.Outcomes.Single(o => o.PointKey == "crash_after=0.5");
        Assert.Equal(RecordStatus.Failed, crashed.Status);
        Assert.Contains("exited with code 3", crashed.Reason);
        Assert.Contains("boom", crashed.Reason);
        var survivor = result.Outcomes.Single(o => o.PointKey == "crash_after=100");
        Assert.True(survivor.Status == RecordStatus.Succeeded, survivor.Reason);

        // Partial raw data of the failed record is kept.
        var raw = await lab.Store.LoadRawAsync(crashed.RecordId);
        Assert.NotEmpty(raw.Frames);
        Assert.Empty(lab.Leftovers());
    }

    [Fact]
    public async Task Run_RoleNeverReady_FailsWithReadinessReason_AndLeavesNoProcess()
    {
        await using var lab = await Lab.StartAsync();
        var campaign = lab.Campaign($$"""
            name: never-ready
            duration: 1s
            stop_grace: 500ms
            roles:
              server:
                command: ["python3", "{{RoleScript}}", "--ignore-term", "--spawn-child", "--tag", "{tag}"]
                ready: { tcp: "127.0.0.1:{port}", timeout: 1s }
            """);
        var result = await lab.RunAsync(campaign);

        var outcome = Assert.Single(result.Outcomes);
        Assert.Equal(RecordStatus.Failed, outcome.Status);
        Assert.Contains("not ready", outcome.Reason);
        Assert.Empty(lab.Leftovers());
    }

    [Fact]
    public async Task Run_RoleIgnoringSigterm_IsKilledWithItsChildrenAfterTheGrace()
    {
        await using var lab = await Lab.StartAsync();
        var campaign = lab.Campaign($$"""
            name: stubborn
            duration: 1s
            stop_grace: 500ms
            roles:
              server:
                command: ["python3", "{{RoleScript}}", "--ignore-term", "--spawn-child", "--tag", "{tag}"]
            """);
        var result = await lab.RunAsync(campaign);

        var outcome = Assert.Single(result.Outcomes);
        Assert.True(outcome.Status == RecordStatus.Succeeded, outcome.Reason);
        Assert.Empty(lab.Leftovers());
    }

    [Fact]
    public async Task Run_Again_ResumesSkippingSucceededRepetitions_AndFreshStartsOver()
    {
        await using var lab = await Lab.StartAsync();
        var campaign = lab.Campaign($$"""
            name: resume
            duration: 300ms
            repetitions: 2
            matrix:
              n: [1, 2]
            roles:
              r:
                command: ["python3", "{{RoleScript}}", "--tag", "{tag}"]
            """);
        var first = await lab.RunAsync(campaign);
        Assert.Equal(4, first.Count(RecordStatus.Succeeded));

        var second = await lab.RunAsync(campaign);
        Assert.Empty(second.Outcomes);
        Assert.Equal(4, second.Skipped);

        var fresh = await lab.RunAsync(campaign, fresh: true);
        Assert.Equal(4, fresh.Count(RecordStatus.Succeeded));
        Assert.Equal(4, (await lab.Store.ListRecordsAsync("resume")).Count);
    }

    [Fact]
    public async Task Run_Cancelled_MarksTheRecordCancelled_ReapsEverything_AndCanResume()
    {
        await using var lab = await Lab.StartAsync();
        var campaign = lab.Campaign($$"""
            name: cancel
            duration: 30s
            stop_grace: 500ms
            matrix:
              n: [1, 2]
            roles:
              r:
                command: ["python3", "{{RoleScript}}", "--spawn-child", "--tag", "{tag}"]
            """);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var result = await lab.RunAsync(campaign, ct: cts.Token);

        Assert.True(result.Cancelled);
        var outcome = Assert.Single(result.Outcomes);
        Assert.Equal(RecordStatus.Cancelled, outcome.Status);
        Assert.Empty(lab.Leftovers());
        Assert.Empty(await lab.Store.SucceededAsync(result.CampaignId));
    }

    [Fact]
    public async Task Run_AfterACrashedStreamLab_MarksRecordsLeftRunningAsInterrupted()
    {
        await using var lab = await Lab.StartAsync();
        var campaign = lab.Campaign($$"""
            name: interrupted
            duration: 300ms
            roles:
              r:
                command: ["python3", "{{RoleScript}}", "--tag", "{tag}"]
            """);
        var campaignId = await lab.Store.UpsertCampaignAsync(campaign);
        var orphan = await lab.Store.StartRecordAsync(new NewRecord(campaignId, "", new Dictionary<string, string>(), 1,
            DateTimeOffset.UtcNow, new HostFingerprint("h", "k", "cpu", 1, 1, new Dictionary<string, string>())));

        var result = await lab.RunAsync(campaign);

        Assert.Equal(RecordStatus.Interrupted, (await lab.Store.GetRecordAsync(orphan))!.Status);
        Assert.Equal(1, result.Count(RecordStatus.Succeeded));
    }
}
