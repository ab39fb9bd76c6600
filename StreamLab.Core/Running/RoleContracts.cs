using StreamLab.Core.Campaigns;

namespace StreamLab.Core.Running;

/// <summary>A role with every placeholder resolved, ready to start.</summary>
public sealed record RoleLaunch(
    string Role,
    IReadOnlyList<string> Argv,
    string? WorkingDirectory,
    IReadOnlyDictionary<string, string> Environment,
    string StdoutPath,
    string StderrPath);

/// <summary>Raised when a role fails: exits early, misses readiness, or cannot start.</summary>
public sealed class RoleFailedException(string role, string reason) : Exception($"role '{role}': {reason}")
{
    public string Role { get; } = role;
    public string Reason { get; } = reason;
}

/// <summary>A running process of a role, with its whole process tree.</summary>
public interface IRoleProcess : IAsyncDisposable
{
    string Role { get; }
    int Pid { get; }
    DateTimeOffset StartedAt { get; }
    /// <summary>Completes with the exit code when the role's main process exits.</summary>
    Task<int> Exited { get; }
    /// <summary>Waits until the role is ready; throws <see cref="RoleFailedException"/> on timeout or early exit.</summary>
    Task WaitReadyAsync(ReadySpec ready, CancellationToken ct);
    /// <summary>The last lines the role wrote to stderr (for failure reasons).</summary>
    IReadOnlyList<string> StderrTail(int lines);
    /// <summary>The pids of the main process and all its descendants, now.</summary>
    IReadOnlyList<int> TreePids();
    /// <summary>SIGTERM to the tree, then SIGKILL after <paramref name="grace"/>; returns the exit code. Idempotent.</summary>
    Task<int> StopAsync(TimeSpan grace);
}

/// <summary>Starts role processes (argv only, never a shell string).</summary>
public interface IRoleLauncher
{
    /// <summary>Starts the process; throws <see cref="RoleFailedException"/> if it cannot start.</summary>
    IRoleProcess Start(RoleLaunch launch);
}

/// <summary>CPU and memory of something at one moment.</summary>
public readonly record struct UsageReading(double CpuPct, double MemoryMb);

/// <summary>Reads usage repeatedly; CPU % is over the time since the previous read (100 = one core).</summary>
public interface IUsageProbe
{
    /// <summary>Null when the thing is gone.</summary>
    UsageReading? Read();
}

public interface IUsageProbeFactory
{
    /// <summary>A probe summing a process and all its descendants (CPU % of one core, RSS MB).</summary>
    IUsageProbe ForProcessTree(Func<IReadOnlyList<int>> treePids);
    /// <summary>A probe of the whole machine (CPU % of one core × cores, used memory MB).</summary>
    IUsageProbe ForSystem();
}

/// <summary>A problem found in a file the record reads, with where it is.</summary>
public sealed record InputProblem(string File, long Line, string? Field, string Message)
{
    public override string ToString() => Field is null ? $"{File}:{Line}: {Message}" : $"{File}:{Line}: {Field}: {Message}";
}

/// <summary>Follows a file a role writes, parsing each complete line as it appears.</summary>
public interface IRecordFileFollower : IAsyncDisposable
{
    /// <summary>Reads whatever complete lines are there now (call once after the roles stop).</summary>
    Task DrainAsync(CancellationToken ct = default);
    long RowsRead { get; }
    IReadOnlyList<InputProblem> Problems { get; }
}

public interface IRecordFileFollowerFactory
{
    /// <summary>Tails a frames CSV (DESIGN.md format) into the sink as rows of <paramref name="recordId"/>.</summary>
    IRecordFileFollower FollowFrames(string path, long recordId, Raw.IRawSink sink);
    /// <summary>Tails a samples file (prom.tsv: <c>wall_us&lt;TAB&gt;series&lt;TAB&gt;value</c>) into the sink.</summary>
    IRecordFileFollower FollowSamples(string path, long recordId, Raw.IRawSink sink);
    /// <summary>Tails an events CSV (<c>wall_us,event</c>) into the sink.</summary>
    IRecordFileFollower FollowEvents(string path, long recordId, Raw.IRawSink sink);
}

/// <summary>Describes the machine a record runs on.</summary>
public interface IHostFingerprintProvider
{
    Storage.HostFingerprint Get();
}

/// <summary>
/// Finds processes left behind by a StreamLab that was killed outright (kill -9 gives it no chance
/// to stop its roles): every role carries <see cref="RecordDirVariable"/> in its environment.
/// </summary>
public interface IStrayProcessReaper
{
    /// <summary>Set in every role's environment to the record's folder; children inherit it.</summary>
    public const string RecordDirVariable = "STREAMLAB_RECORD_DIR";

    /// <summary>Kills every process whose <see cref="RecordDirVariable"/> lies under <paramref name="recordsDirectory"/>; returns their pids.</summary>
    IReadOnlyList<int> KillStrays(string recordsDirectory);
}

/// <summary>Hands out free loopback TCP/UDP ports.</summary>
public interface IPortAllocator
{
    int Allocate();
}

/// <summary>One scrape of a metrics endpoint: every series with its value, skipped lines, or why it failed.</summary>
public sealed record ScrapeResult(IReadOnlyList<KeyValuePair<string, double>> Series, IReadOnlyList<string> SkippedLines, string? Error)
{
    private readonly long? _skippedCount;

    /// <summary>Every skipped line, counted; <see cref="SkippedLines"/> keeps only the first ones.</summary>
    public long SkippedCount { get => _skippedCount ?? SkippedLines.Count; init => _skippedCount = value; }
}

/// <summary>Reads a Prometheus <c>/metrics</c> endpoint; never throws for the endpoint's faults.</summary>
public interface IMetricsScraper
{
    /// <summary>Scrapes <paramref name="url"/> within <paramref name="timeout"/>; failures come back as <see cref="ScrapeResult.Error"/>.</summary>
    Task<ScrapeResult> ScrapeAsync(string url, TimeSpan timeout, CancellationToken ct);
}
