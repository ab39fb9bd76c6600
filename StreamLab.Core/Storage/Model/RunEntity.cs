namespace StreamLab.Core.Storage.Model;

/// <summary>
/// Table <c>runs</c>: one launch of a campaign (CLI <c>run</c>, API, dashboard), with the campaign file as it was run.
/// Its records are inserted <c>queued</c> at launch and claimed by workers; label, revision and notes are the user's.
/// </summary>
public sealed class RunEntity
{
    public long Id { get; set; }
    public long CampaignId { get; set; }
    public string? Label { get; set; }
    public string? Revision { get; set; }
    public string? Notes { get; set; }
    public required string Yaml { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public RunState State { get; set; }
    public required string StreamlabVersion { get; set; }
}

/// <summary>Table <c>workers</c>: one StreamLab process that claims records (a CLI run, a <c>worker</c>, a pod).</summary>
public sealed class WorkerEntity
{
    public long Id { get; set; }
    public required string Host { get; set; }
    public int Pid { get; set; }
    public string? Pod { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset HeartbeatAt { get; set; }
    public long? CurrentRecordId { get; set; }
    public int RecordsDone { get; set; }
    public WorkerState State { get; set; }
}
