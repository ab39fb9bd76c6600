using static StreamLab.Tests.Core.Campaigns.CampaignYaml;

namespace StreamLab.Tests.Core.Campaigns;

public class RoleErrorTests
{
    [Fact]
    public void Load_WithShellStringCommand_AsksForAnArgvList()
    {
        var error = SingleError(Minimal.Replace("command: [run]", "command: python3 server.py --port 1"));

        AssertAt(error, 5, 14, "roles.server.command", "must be a list of arguments (argv)");
        Assert.Contains("shell command string is not supported", error.Message);
    }

    [Theory]
    [InlineData("command: []", 14, "roles.server.command", "at least the program")]
    [InlineData("command: { a: b }", 14, "roles.server.command", "must be a list")]
    [InlineData("command: [run, \"{nope}\"]", 20, "roles.server.command[1]", "unknown placeholder '{nope}'; known placeholders: port, port2")]
    [InlineData("command: [run, \"{port\"]", 20, "roles.server.command[1]", "unclosed '{'")]
    [InlineData("command: [run, \"a}b\"]", 20, "roles.server.command[1]", "lone '}'")]
    [InlineData("command: [run, \"{a b}\"]", 20, "roles.server.command[1]", "not a placeholder")]
    public void Load_WithBadCommand_ReportsIt(string command, int column, string path, string message) =>
        AssertAt(SingleError(Minimal.Replace("command: [run]", command)), 5, column, path, message);

    [Fact]
    public void Load_WithoutCommand_ReportsTheRole()
    {
        var error = SingleError("name: a\nduration: 1s\nroles:\n  server:\n    cwd: x\n");

        AssertAt(error, 5, 5, "roles.server.command", "required field 'command' is missing");
    }

    [Theory]
    [InlineData("    ready: { timeout: 1s }", 12, "roles.server.ready", "needs one of tcp, http or log")]
    [InlineData("    ready: { tcp: \"h:1\", http: \"http://h\" }", 32, "roles.server.ready.http", "only one of tcp, http or log, not both tcp and http")]
    [InlineData("    ready: { tcp: localhost }", 19, "roles.server.ready.tcp", "must be host:port")]
    [InlineData("    ready: { http: \"localhost:80\" }", 20, "roles.server.ready.http", "http:// or https://")]
    [InlineData("    ready: { log: \"ready ([0-9]\" }", 19, "roles.server.ready.log", "not a valid regular expression")]
    [InlineData("    ready: { log: \"x{2}\" }", 19, "roles.server.ready.log", "'{2}' is not a placeholder")]
    [InlineData("    ready: { tcp: \"h:{prot}\" }", 19, "roles.server.ready.tcp", "unknown placeholder '{prot}'")]
    [InlineData("    ready: { tcp: \"h:1\", timeout: 0s }", 35, "roles.server.ready.timeout", "greater than 0s")]
    [InlineData("    ready: tcp", 12, "roles.server.ready", "must be a mapping")]
    [InlineData("    env: { 1X: a }", 12, "roles.server.env.1X", "environment variable name")]
    [InlineData("    env: { X: \"{size}\" }", 15, "roles.server.env.X", "unknown placeholder '{size}'")]
    [InlineData("    env: [X]", 10, "roles.server.env", "must be a mapping")]
    [InlineData("    cwd: \"{dir}\"", 10, "roles.server.cwd", "unknown placeholder '{dir}'")]
    [InlineData("    frames: \"{record}/f.csv\"", 13, "roles.server.frames", "unknown placeholder '{record}'")]
    [InlineData("    events: [a]", 13, "roles.server.events", "must be a single value")]
    public void Load_WithBadRoleField_ReportsIt(string line, int column, string path, string message) =>
        AssertAt(SingleError(Minimal + "\n" + line), 6, column, path, message);

    [Fact]
    public void Load_WithBadRoleName_ReportsTheKey()
    {
        var error = SingleError(Minimal.Replace("  server:", "  my server:"));

        AssertAt(error, 4, 3, "roles.my server", "role name 'my server'");
    }

    [Fact]
    public void Load_WithParamsAndBuiltIns_AcceptsTheirPlaceholders()
    {
        var yaml = Minimal.Replace("command: [run]", "command: [run, \"{mode}\", \"{rate}\", \"{port9}\", \"{point_key}\", \"{{literal}}\"]")
            + "\nmatrix: { rate: [1] }\nparams: { mode: fast }";

        var result = Load(yaml);

        Assert.Empty(result.Errors);
        Assert.Equal("{{literal}}", result.Campaign!.Roles[0].Command[5]);
    }
}
