using StreamLab.Core.Campaigns;

namespace StreamLab.Tests.Core.Campaigns;

/// <summary>A campaign loaded to run names a missing working directory or program by line and column, before anything starts.</summary>
public sealed class CampaignFileCheckTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("streamlab-filecheck-");

    public void Dispose() => _folder.Delete(recursive: true);

    private CampaignLoadResult LoadFile(string roles)
    {
        var path = Path.Combine(_folder.FullName, "c.yaml");
        File.WriteAllText(path, "name: files\nduration: 1s\nroles:\n" + roles);
        return CampaignLoader.LoadFile(path);
    }

    [Fact]
    public void LoadFile_WithAMissingWorkingDirectory_NamesItAndTheRuleForRelativePaths()
    {
        var error = Assert.Single(LoadFile("  server:\n    command: [python3, server.py]\n    cwd: stacks/gone\n").Errors);

        Assert.Equal(("roles.server.cwd", 6, 10), (error.Path, error.Line, error.Column));
        Assert.Equal($"working directory '{Path.Combine(_folder.FullName, "stacks", "gone")}' does not exist (a relative cwd is relative to {_folder.FullName})",
            error.Message);
    }

    [Fact]
    public void LoadFile_WithAProgramMissingFromPath_NamesTheCommandItem()
    {
        var error = Assert.Single(LoadFile("  server:\n    command: [no-such-streamlab-program, --port, \"{port}\"]\n").Errors);

        Assert.Equal(("roles.server.command[0]", 5, 15), (error.Path, error.Line, error.Column));
        Assert.StartsWith("cannot run 'no-such-streamlab-program': executable not found on PATH", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void LoadFile_WithARelativeProgram_LooksInTheRolesWorkingDirectory()
    {
        var stack = Directory.CreateDirectory(Path.Combine(_folder.FullName, "stack"));
        File.WriteAllText(Path.Combine(stack.FullName, "run.sh"), "#!/bin/sh\n");
        File.WriteAllText(Path.Combine(stack.FullName, "plain.txt"), "");
        File.SetUnixFileMode(Path.Combine(stack.FullName, "run.sh"), UnixFileMode.UserRead | UnixFileMode.UserExecute);

        var ok = LoadFile("  a:\n    command: [./run.sh]\n    cwd: stack\n");
        var notExecutable = LoadFile("  a:\n    command: [./plain.txt]\n    cwd: stack\n");
        var missing = LoadFile("  a:\n    command: [./run.sh]\n");

        Assert.True(ok.IsValid, string.Join("\n", ok.Errors));
        Assert.EndsWith("plain.txt is not executable", Assert.Single(notExecutable.Errors).Message, StringComparison.Ordinal);
        Assert.Contains("no such file", Assert.Single(missing.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFile_WithPlaceholdersOrTheBuiltInProgram_LeavesThoseToTheLauncher()
    {
        var result = LoadFile("""
              a:
                command: ["{tool}", x]
              b:
                command: [streamlab, sut, live-ws-server]
              c:
                command: [sh]
                cwd: "{record_dir}/work"
            params: { tool: whatever }
            """);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
    }

    [Fact]
    public void LoadText_ForReadingAStoredCampaign_DoesNotCheckFiles_ButCanWhenAskedWithABase()
    {
        const string yaml = "name: stored\nduration: 1s\nroles:\n  r:\n    command: [removed-since-it-ran]\n    cwd: gone\n";

        Assert.True(CampaignLoader.LoadText(yaml, "<db>").IsValid);
        var checkedErrors = CampaignLoader.LoadText(yaml, "<api>", _folder.FullName, checkFiles: true).Errors;

        Assert.Equal(["roles.r.cwd"], checkedErrors.Select(e => e.Path));
        Assert.Contains(Path.Combine(_folder.FullName, "gone"), checkedErrors[0].Message, StringComparison.Ordinal);
    }
}
