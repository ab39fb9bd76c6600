using static StreamLab.Tests.Core.Campaigns.CampaignYaml;

namespace StreamLab.Tests.Core.Campaigns;

// Minimal is five lines, so a line appended to it is line 6; role fields appended there belong to `server`.
public class CampaignLoaderErrorTests
{
    [Fact]
    public void Load_WithUnknownField_ReportsLineColumnAndPath()
    {
        var error = SingleError("name: mini\nduration: 1s\ncolour: red\nroles:\n  server:\n    command: [run]\n");

        AssertAt(error, 3, 1, "colour", "unknown field 'colour'");
        Assert.Contains("allowed fields: name, description, stack, duration", error.Message);
    }

    [Fact]
    public void Load_WithUnknownRoleField_ReportsNestedPath()
    {
        var error = SingleError(Minimal + "\n    colour: red");

        AssertAt(error, 6, 5, "roles.server.colour", "allowed fields: command, ready, cwd, env, frames, events");
    }

    [Fact]
    public void Load_WithUnknownReadyField_ReportsColumnInsideFlowMapping()
    {
        var error = SingleError(Minimal + "\n    ready: { tcp: \"h:1\", wait: 1s }");

        AssertAt(error, 6, 26, "roles.server.ready.wait", "unknown field 'wait'");
    }

    [Fact]
    public void Load_WithYamlSyntaxError_ReportsParserPosition()
    {
        var error = SingleError("name: mini\n  bad: x\n");

        AssertAt(error, 2, 6, "(document)", "invalid mapping");
        Assert.DoesNotContain("Line:", error.Message);
    }

    [Fact]
    public void Load_WithUnclosedFlowList_ReportsErrorInsteadOfThrowing()
    {
        var error = SingleError("name: mini\nduration: [1s\nroles: {}\n");

        Assert.Equal((2, "(document)"), (error.Line, error.Path));
        Assert.Contains("malformed", error.Message);
    }

    [Fact]
    public void Load_WithDuplicateKeys_ReportsEachRepeatAndKeepsValidating()
    {
        var result = Load("name: a\nname: b\nduration: 0s\nroles:\n  s:\n    command: [x]\n    command: [y]\n    env: {A: 1, A: 2}\n");

        Assert.Null(result.Campaign);
        Assert.Equal(
            [(2, 1, "name"), (3, 11, "duration"), (7, 5, "roles.s.command"), (8, 17, "roles.s.env.A")],
            result.Errors.Select(e => (e.Line, e.Column, e.Path)));
        Assert.Contains("duplicate key (first given on line 1)", result.Errors[0].Message);
    }

    [Theory]
    [InlineData("", 1, 1, "(document)", "empty")]
    [InlineData("- a\n- b\n", 1, 1, "(document)", "must be a mapping")]
    [InlineData("duration: 1s\nroles:\n  s:\n    command: [x]\n", 1, 1, "name", "required field 'name' is missing")]
    [InlineData("name: a\nroles:\n  s:\n    command: [x]\n", 1, 1, "duration", "required field 'duration' is missing")]
    [InlineData("name: a\nduration: 1s\n", 1, 1, "roles", "required field 'roles' is missing")]
    [InlineData("name: a\nduration: 1s\nroles: {}\n", 3, 8, "roles", "at least one role")]
    [InlineData("name: a\nduration: 1s\nroles: [server]\n", 3, 8, "roles", "must be a mapping (name: value pairs), not a list")]
    [InlineData("name: a\nduration:\nroles:\n  s:\n    command: [x]\n", 2, 10, "duration", "must have a value")]
    public void Load_WithMissingOrMisshapedTopLevel_ReportsIt(string yaml, int line, int column, string path, string message) =>
        AssertAt(SingleError(yaml), line, column, path, message);

    [Theory]
    [InlineData("name: my demo", 1, 7, "name", "cannot name a folder")]
    [InlineData("name: ..", 1, 7, "name", "cannot name a folder")]
    [InlineData("duration: 0s", 2, 11, "duration", "greater than 0s")]
    [InlineData("duration: 20 s", 2, 11, "duration", "not a duration")]
    [InlineData("duration: 20sec", 2, 11, "duration", "500ms, 20s, 1.5m, 2h")]
    [InlineData("duration: 9999h", 2, 11, "duration", "at most 7 days")]
    public void Load_WithBadNameOrDuration_ReportsIt(string line, int lineNumber, int column, string path, string message)
    {
        var yaml = Minimal.Replace(line.StartsWith("name") ? "name: mini" : "duration: 1s", line);

        AssertAt(SingleError(yaml), lineNumber, column, path, message);
    }

    [Theory]
    [InlineData("stack: live-xx", 8, "stack", "unknown stack 'live-xx'; known stacks: external")]
    [InlineData("warmup: -1s", 9, "warmup", "at least 0s")]
    [InlineData("repetitions: 0", 14, "repetitions", "at least 1")]
    [InlineData("repetitions: 2.5", 14, "repetitions", "whole number")]
    [InlineData("order: random", 8, "order", "allowed: sequential, shuffled")]
    [InlineData("seed: abc", 7, "seed", "whole number")]
    [InlineData("sample_interval: 10ms", 18, "sample_interval", "between 50ms and 1h")]
    [InlineData("sample_interval: 2h", 18, "sample_interval", "between 50ms and 1h")]
    [InlineData("stop_grace: soon", 13, "stop_grace", "not a duration")]
    [InlineData("description: [a, b]", 14, "description", "must be a single value, not a list")]
    [InlineData("matrix: [a, b]", 9, "matrix", "must be a mapping")]
    [InlineData("params: [a]", 9, "params", "must be a mapping")]
    [InlineData("targets: fps_mean >= 18", 10, "targets", "must be a list")]
    public void Load_WithBadTopLevelValue_ReportsValuePosition(string line, int column, string path, string message) =>
        AssertAt(SingleError(Minimal + "\n" + line), 6, column, path, message);

    [Theory]
    [InlineData("  rate: 10", 7, 9, "matrix.rate", "must be a list, e.g. [10, 20], not the value '10'")]
    [InlineData("  rate: []", 7, 9, "matrix.rate", "at least one value")]
    [InlineData("  rate: [10, 20, 10]", 7, 18, "matrix.rate[2]", "duplicate value '10' (already at matrix.rate[0])")]
    [InlineData("  rate: [10, [1, 2]]", 7, 14, "matrix.rate[1]", "must be a single value, not a list")]
    [InlineData("  rate: [10, \"\"]", 7, 14, "matrix.rate[1]", "empty string")]
    [InlineData("  9rate: [10]", 7, 3, "matrix.9rate", "must match [A-Za-z_][A-Za-z0-9_-]*")]
    [InlineData("  port: [10]", 7, 3, "matrix.port", "built-in placeholder")]
    public void Load_WithBadMatrix_ReportsIt(string axisLine, int line, int column, string path, string message) =>
        AssertAt(SingleError(Minimal + "\nmatrix:\n" + axisLine), line, column, path, message);

    [Theory]
    [InlineData("exclude:\n  - { speed: 20 }", 7, 7, "exclude[0].speed", "'speed' is not a matrix parameter; matrix parameters: rate, size")]
    [InlineData("exclude:\n  - { rate: 30 }", 7, 13, "exclude[0].rate", "'30' is not a value of 'rate'; values: 10, 20")]
    [InlineData("exclude:\n  - {}", 7, 5, "exclude[0]", "at least one matrix parameter")]
    [InlineData("exclude:\n  - rate", 7, 5, "exclude[0]", "must be a mapping")]
    [InlineData("exclude:\n  - { size: s }\n  - { size: l }", 7, 3, "exclude", "excludes every matrix point")]
    [InlineData("params: { rate: 5 }", 6, 11, "params.rate", "already a matrix parameter")]
    [InlineData("params: { mode: [a] }", 6, 17, "params.mode", "must be a single value")]
    [InlineData("compare: { axis: speed, baseline: a, candidate: b }", 6, 18, "compare.axis", "'speed' is not a matrix parameter")]
    [InlineData("compare: { axis: size, baseline: s, candidate: m }", 6, 48, "compare.candidate", "'m' is not a value of 'size'; values: s, l")]
    [InlineData("compare: { axis: size, baseline: s, candidate: s }", 6, 48, "compare.candidate", "must differ from the baseline")]
    [InlineData("compare: { axis: size, baseline: s }", 6, 10, "compare.candidate", "required field 'candidate' is missing")]
    [InlineData("compare: { axis: size, baseline: s, candidate: l, of: x }", 6, 51, "compare.of", "allowed fields: axis, baseline, candidate")]
    public void Load_WithBadMatrixReference_ReportsIt(string yaml, int line, int column, string path, string message)
    {
        var withMatrix = Minimal + "\nmatrix: { rate: [10, 20], size: [s, l] }\n" + yaml;

        AssertAt(SingleError(withMatrix), line + 1, column, path, message);
    }

    [Theory]
    [InlineData("  - fps_mean => 18", 5, "targets[0]", "is not a target: write 'metric op value'")]
    [InlineData("  - FPS >= 18", 5, "targets[0]", "metric [a-z0-9_]+")]
    [InlineData("  - fps_mean >= fast", 5, "targets[0]", "'fast' in target 'fps_mean >= fast' is not a number")]
    [InlineData("  - { fps_mean: 18 }", 5, "targets[0]", "must be a single value, not a mapping")]
    public void Load_WithBadTarget_ReportsIt(string item, int column, string path, string message) =>
        AssertAt(SingleError(Minimal + "\ntargets:\n" + item), 7, column, path, message);
}
