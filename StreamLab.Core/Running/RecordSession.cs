using StreamLab.Core.Campaigns;
using StreamLab.Core.Metrics;
using StreamLab.Core.Raw;
using StreamLab.Core.Storage;

namespace StreamLab.Core.Running;

/// <summary>The live state of one record while it runs: its processes, probes, followers and writer.</summary>
internal sealed class RecordSession(long recordId, Campaign campaign, IRawWriter writer, TimeProvider time)
{
    private readonly List<RunningRole> _roles = [];
    private readonly List<(IRecordFileFollower Follower, string Path)> _followers = [];
    private readonly List<string> _notes = [];
    private IRawSink? _windowed;

    public long RecordId { get; } = recordId;
    public Campaign Campaign { get; } = campaign;
    public IRawWriter Writer { get; } = writer;
    /// <summary>The writer, with samples from role files flagged warm-up by their time against the window.</summary>
    public IRawSink WindowedWriter => _windowed ??= new WarmupFlaggingSink(this);
    public IReadOnlyList<RunningRole> Roles => _roles;
    private volatile RecordWindow? _window;

    /// <summary>The measurement window, once the roles are ready; read by follower threads too.</summary>
    public RecordWindow? Window => _window;
    /// <summary>Start of the first role that writes frames: where first_frame_ms counts from.</summary>
    public long? FramesRoleStartUs { get; private set; }

    public void Follow(IRecordFileFollower follower, string path) => _followers.Add((follower, path));

    /// <summary>Adds warnings to the record's reason (e.g. a resource limit applied in a weaker form).</summary>
    public void AddNotes(IEnumerable<string> notes) => _notes.AddRange(notes);

    public void AddRole(ResolvedRole role, IRoleProcess process, IUsageProbe probe)
    {
        _roles.Add(new RunningRole(role.Name, process, probe));
        var startUs = RecordRunner.ToUs(process.StartedAt);
        if (role.FramesPath is not null)
        {
            FramesRoleStartUs ??= startUs;
        }
        Writer.Add(new EventRow(RecordId, startUs, "process_start", $"role={role.Name} pid={process.Pid}"));
    }

    public void SetWindow(DateTimeOffset t0, DateTimeOffset t1) => _window = new RecordWindow(t0, t1);

    public void Sample(IUsageProbe systemProbe, DateTimeOffset now)
    {
        var us = RecordRunner.ToUs(now);
        var warmup = Window is not { } w || now < w.T0;
        foreach (var role in _roles)
        {
            if (role.Probe.Read() is { } usage)
            {
                Writer.Add(new SampleRow(RecordId, SeriesNames.RoleCpuPct(role.Name), us, usage.CpuPct, warmup));
                Writer.Add(new SampleRow(RecordId, SeriesNames.RoleRssMb(role.Name), us, usage.MemoryMb, warmup));
            }
        }
        if (systemProbe.Read() is { } system)
        {
            Writer.Add(new SampleRow(RecordId, SeriesNames.SystemCpuPct, us, system.CpuPct, warmup));
            Writer.Add(new SampleRow(RecordId, SeriesNames.SystemMemMb, us, system.MemoryMb, warmup));
        }
    }

    /// <summary>Stops roles in reverse start order; each stop kills the role's whole process tree.</summary>
    public async Task StopAllAsync(TimeSpan grace)
    {
        for (var i = _roles.Count - 1; i >= 0; i--)
        {
            var role = _roles[i];
            var alreadyExited = role.Process.Exited.IsCompleted;
            int code;
            try
            {
                code = await role.Process.StopAsync(grace);
            }
            finally
            {
                await role.Process.DisposeAsync();
            }
            var how = alreadyExited ? "exited" : "stopped";
            Writer.Add(new EventRow(RecordId, RecordRunner.ToUs(time.GetUtcNow()), "process_exit", $"role={role.Name} code={code} {how}"));
        }
    }

    /// <summary>Reads what the roles wrote last, flushes every row, and notes bad input lines.</summary>
    public async Task DrainAsync()
    {
        foreach (var (follower, path) in _followers)
        {
            await follower.DrainAsync();
            if (follower.RowsRead == 0 && !File.Exists(path))
            {
                _notes.Add($"{path} was never written");
            }
            if (follower.Problems.Count > 0)
            {
                foreach (var problem in follower.Problems)
                {
                    Writer.Add(new EventRow(RecordId, RecordRunner.ToUs(time.GetUtcNow()), "input_error", problem.ToString()));
                }
                _notes.Add($"{follower.Problems.Count} bad line(s) skipped, first: {follower.Problems[0]}");
            }
            await follower.DisposeAsync();
        }
        await Writer.DisposeAsync();
    }

    /// <summary>The failure reason, with any input warnings appended so nothing goes unnoticed.</summary>
    public string? FinalReason(RecordStatus status, string? reason)
    {
        var parts = new List<string>();
        if (reason is not null)
        {
            parts.Add(reason);
        }
        parts.AddRange(_notes);
        return parts.Count == 0 ? null : string.Join("; ", parts);
    }

    public static string StderrSuffix(IRoleProcess process)
    {
        var tail = process.StderrTail(5);
        return tail.Count == 0 ? "" : "; last stderr: " + string.Join(" | ", tail);
    }
}

/// <summary>Sets a sample's warm-up flag from its time: before T0 (or before the window is known) is warm-up.</summary>
internal sealed class WarmupFlaggingSink(RecordSession session) : IRawSink
{
    public void Add(in FrameRow row) => session.Writer.Add(row);

    public void Add(in SampleRow row)
    {
        if (double.IsNaN(row.Value))
        {
            return; // SQLite would store NULL, which samples.value refuses and which would fail the writer's batch
        }
        var warmup = session.Window is not { } w || row.TimeUs < RecordRunner.ToUs(w.T0);
        session.Writer.Add(row with { Warmup = warmup });
    }

    public void Add(in EventRow row) => session.Writer.Add(row);

    public Task FlushAsync(CancellationToken cancellationToken = default) => session.Writer.FlushAsync(cancellationToken);
}

/// <summary>A record's measurement window [T0, T1).</summary>
internal sealed record RecordWindow(DateTimeOffset T0, DateTimeOffset T1);

/// <summary>A started role with its usage probe.</summary>
internal sealed record RunningRole(string Name, IRoleProcess Process, IUsageProbe Probe);
