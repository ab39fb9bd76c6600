using StreamLab.Core.Campaigns;

namespace StreamLab.Tests.Core.Campaigns;

/// <summary>Campaign texts and assertions shared by the loader tests.</summary>
internal static class CampaignYaml
{
    public const string Label = "test.yaml";

    /// <summary>The example from docs/campaign-format.md: every field set.</summary>
    public const string Full = """
        name: ext-demo
        description: free text
        stack: external
        duration: 20s
        warmup: 3s
        repetitions: 2
        order: shuffled
        seed: 42
        sample_interval: 500ms
        stop_grace: 1.5m
        matrix:
          rate: [10, 20]
          size: [small, large]
        exclude:
          - { rate: 20, size: large }
        params: { mode: fast }
        roles:
          server:
            command: ["python3", "server.py", "--rate", "{rate}", "--port", "{port}"]
            ready: { tcp: "127.0.0.1:{port}", timeout: 10s }
            cwd: stacks/demo
            env: { SIZE: "{size}" }
          client:
            command: ["python3", "client.py", "--port", "{port}", "--out", "{record_dir}/frames.csv"]
            ready: { log: "listening on {{port}} [0-9]+" }
            frames: "{record_dir}/frames.csv"
            events: "{record_dir}/events.csv"
        targets:
          - fps_mean >= 18
          - latency_p95_ms < 200
        compare: { axis: size, baseline: small, candidate: large }
        """;

    /// <summary>The smallest valid campaign; line 5 is the command.</summary>
    public const string Minimal = """
        name: mini
        duration: 1s
        roles:
          server:
            command: [run]
        """;

    public static CampaignLoadResult Load(string yaml) => CampaignLoader.LoadText(yaml, Label);

    /// <summary>Asserts the file does not load and gives exactly one error, and returns it.</summary>
    public static CampaignError SingleError(string yaml)
    {
        var result = Load(yaml);
        Assert.Null(result.Campaign);
        Assert.False(result.IsValid);
        return Assert.Single(result.Errors);
    }

    public static void AssertAt(CampaignError error, int line, int column, string path, string messagePart)
    {
        Assert.Equal(Label, error.File);
        Assert.Equal((line, column, path), (error.Line, error.Column, error.Path));
        Assert.Contains(messagePart, error.Message);
    }
}
