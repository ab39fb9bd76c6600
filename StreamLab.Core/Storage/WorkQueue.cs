using StreamLab.Core.Campaigns;

namespace StreamLab.Core.Storage;

/// <summary>Where a run stands: <c>queued</c> until a worker claims its first record, <c>finished</c> when none is left.</summary>
public enum RunState { Queued, Running, Finished, Cancelled }

/// <summary>A worker's state as stored; <see cref="Lost"/> is set when its lease expired or its process is gone.</summary>
public enum WorkerState { Active, Stopped, Lost }

/// <summary>A launch of a campaign: the file as it was run and the user's label, revision and notes (all optional).</summary>
public sealed record NewRun(long CampaignId, string Yaml, string? Label = null, string? Revision = null, string? Notes = null);

/// <summary>One (point, repetition) a run still has to do.</summary>
public sealed record QueuedRecord(string PointKey, IReadOnlyDictionary<string, string> Params, int Repetition);

public sealed record RunView(long Id, long CampaignId, string Campaign, string? Label, string? Revision, string? Notes, string Yaml,
    DateTimeOffset CreatedAt, RunState State, string StreamlabVersion);

/// <summary>Who a worker is: the host name (a pod's name on Kubernetes), its pid there, and the pod when it is one.</summary>
public sealed record WorkerIdentity(string Host, int Pid, string? Pod = null)
{
    /// <summary>This process: <c>POD_NAME</c> (set by the rendered Job from the pod's metadata) names the pod.</summary>
    public static WorkerIdentity Current() => new(Environment.MachineName, Environment.ProcessId,
        Environment.GetEnvironmentVariable("POD_NAME") is { Length: > 0 } pod ? pod : null);
}

/// <summary>Which queued records a worker may claim: one run's, one campaign's, or any; optionally one point's only.</summary>
public sealed record ClaimScope(long? RunId = null, long? CampaignId = null, string? PointKey = null)
{
    public static readonly ClaimScope Any = new();
}

/// <summary>A record a worker now holds: what it must run, and until when its lease holds unless renewed.</summary>
public sealed record ClaimedRecord(long RecordId, long RunId, long CampaignId, string PointKey, IReadOnlyDictionary<string, string> Params,
    int Repetition, int Attempt, DateTimeOffset LeaseUntil);

/// <summary>Records of a scope by status: what a worker waits for and a launcher reports.</summary>
public sealed record QueueCounts(int Queued, int Running, int Succeeded, int Failed, int Other)
{
    /// <summary>Nothing left to claim and nothing that could still be requeued.</summary>
    public bool Drained => Queued == 0 && Running == 0;
}

/// <summary>A worker as the campaigns page shows it. <c>RequeuedAs</c>: for a lost worker, the record that took over its record (the next attempt).</summary>
public sealed record WorkerView(long Id, string Host, int Pid, string? Pod, DateTimeOffset StartedAt, DateTimeOffset HeartbeatAt,
    long? CurrentRecordId, string? CurrentPoint, int RecordsDone, WorkerState State, long? RequeuedAs)
{
    /// <summary>A worker that stopped heartbeating this long ago is shown lost even before its lease is noticed.</summary>
    public static readonly TimeSpan LostAfter = TimeSpan.FromSeconds(60);

    /// <summary>The stored state, with an active worker whose heartbeat is older than <see cref="LostAfter"/> shown lost.</summary>
    public WorkerState StateAt(DateTimeOffset now) =>
        State == WorkerState.Active && now - HeartbeatAt > LostAfter ? WorkerState.Lost : State;
}

/// <summary>The version written on every run (the informational version of StreamLab.Core).</summary>
public static class StreamLabVersion
{
    public static string Current { get; } =
        (typeof(Campaign).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "unknown").Split('+')[0];
}
