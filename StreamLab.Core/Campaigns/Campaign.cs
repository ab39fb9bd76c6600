namespace StreamLab.Core.Campaigns;

/// <summary>A validated campaign: the stack, the parameter matrix and how to run it.</summary>
public sealed record Campaign
{
    public required string Name { get; init; }
    public string? Description { get; init; }
    /// <summary>Built-in stack name (live-ws, …) or null for an external stack given by <see cref="Roles"/>.</summary>
    public string? Stack { get; init; }
    public required TimeSpan Duration { get; init; }
    public TimeSpan Warmup { get; init; } = TimeSpan.Zero;
    public int Repetitions { get; init; } = 1;
    public RunOrder Order { get; init; } = RunOrder.Sequential;
    public int Seed { get; init; }
    public TimeSpan SampleInterval { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>Time a role gets between SIGTERM and SIGKILL.</summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>Matrix axes in file order; every combination runs.</summary>
    public required IReadOnlyList<MatrixAxis> Matrix { get; init; }
    /// <summary>Partial points (parameter → value) that must not run.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Exclude { get; init; } = [];
    /// <summary>Fixed parameters, present in every record.</summary>
    public IReadOnlyDictionary<string, string> Params { get; init; } = new Dictionary<string, string>();
    /// <summary>Roles in declared (start) order.</summary>
    public required IReadOnlyList<RoleSpec> Roles { get; init; }
    public IReadOnlyList<TargetSpec> Targets { get; init; } = [];
    public CompareSpec? Compare { get; init; }
    /// <summary>The numeric parameter whose value is a point's cost (<c>cost: server_cpu</c>): the targets page names the cheapest point meeting every target.</summary>
    public string? Cost { get; init; }
    /// <summary>The matrix explorer's default view (its <c>stat</c>: a metric, <c>reg:metric:param</c> or <c>heat:y:x</c>), e.g. a rate-quality curve.</summary>
    public string? Explore { get; init; }
    /// <summary>Scraped counters to summarise as <c>&lt;name&gt;_delta</c> and <c>&lt;name&gt;_rate</c> (<c>collect.counters</c>).</summary>
    public IReadOnlyList<string> Counters { get; init; } = [];
    /// <summary>Node profiles by name (<c>profiles:</c> plus a stack's defaults); only the vod-chunks stack has any.</summary>
    public IReadOnlyDictionary<string, NodeProfile> Profiles { get; init; } = new Dictionary<string, NodeProfile>();
    /// <summary>The file the campaign came from (for messages), or a label such as "&lt;upload&gt;".</summary>
    public string SourcePath { get; init; } = "<inline>";
    /// <summary>The YAML text exactly as loaded, stored with the campaign.</summary>
    public string Yaml { get; init; } = "";
}

public enum RunOrder { Sequential, Shuffled }

/// <summary>One matrix parameter and the values it sweeps, as written in the YAML.</summary>
public sealed record MatrixAxis(string Name, IReadOnlyList<string> Values);

/// <summary>A process of the stack under test, started from a command template.</summary>
public sealed record RoleSpec
{
    public required string Name { get; init; }
    /// <summary>argv template; placeholders like {port} are substituted per record, never through a shell.</summary>
    public required IReadOnlyList<string> Command { get; init; }
    public ReadySpec? Ready { get; init; }
    public string? Cwd { get; init; }
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();
    /// <summary>Path template of a frames CSV the role writes; tailed while the record runs.</summary>
    public string? Frames { get; init; }
    /// <summary>Path template of an events CSV the role writes; tailed while the record runs.</summary>
    public string? Events { get; init; }
    /// <summary>Path template of a samples file (prom.tsv layout) the role writes; tailed while the record runs.</summary>
    public string? Samples { get; init; }
    /// <summary>URL templates of Prometheus endpoints scraped every sample interval.</summary>
    public IReadOnlyList<string> Prometheus { get; init; } = [];
}

public enum ReadyKind { Tcp, Http, Log }

/// <summary>How to tell a role is ready: a TCP connect, an HTTP answer or a log line matching a regex.</summary>
public sealed record ReadySpec(ReadyKind Kind, string Target, TimeSpan Timeout);

public enum TargetOp { Less, LessOrEqual, Greater, GreaterOrEqual, Equal }

/// <summary>A performance target such as <c>latency_p95_ms &lt; 200</c>.</summary>
public sealed record TargetSpec(string Metric, TargetOp Op, double Value, string Text);

/// <summary>The default comparison: an axis and its baseline and candidate values.</summary>
public sealed record CompareSpec(string Axis, string Baseline, string Candidate);
