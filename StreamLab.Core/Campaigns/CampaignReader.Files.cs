using StreamLab.Core.Running;
using YamlDotNet.RepresentationModel;

namespace StreamLab.Core.Campaigns;

// Whether each role can start at all, checked when a campaign is loaded to run: a missing folder or program is an
// error with its line and column before anything runs, instead of one failed record per point.
internal sealed partial class CampaignReader
{
    private void CheckRoleFiles(Dictionary<string, YamlNode> fields, string rolePath, IReadOnlyList<string> command,
        string? cwd, IReadOnlyDictionary<string, string> env)
    {
        var workingDirectory = Environment.CurrentDirectory;
        if (cwd is not null)
        {
            if (PlaceholderTemplate.Names(cwd).Count > 0)
            {
                return; // known per record only; the launcher checks it then
            }
            workingDirectory = Path.GetFullPath(cwd, Environment.CurrentDirectory);
            if (!Directory.Exists(workingDirectory))
            {
                var written = ((YamlScalarNode)fields["cwd"]).Value ?? "";
                var rule = Path.IsPathRooted(written) ? "" : $" (a relative cwd is relative to {baseDirectory ?? Environment.CurrentDirectory})";
                yaml.Error(fields["cwd"], YamlFieldReader.Join(rolePath, "cwd"), $"working directory '{workingDirectory}' does not exist{rule}");
                return;
            }
        }
        var program = command.Count > 0 ? command[0] : "";
        if (program.Length == 0 || program == ProgramLookup.Self || PlaceholderTemplate.Names(program).Count > 0)
        {
            return;
        }
        var searchPath = env.TryGetValue("PATH", out var rolesPath) ? rolesPath : Environment.GetEnvironmentVariable("PATH") ?? "";
        if (PlaceholderTemplate.Names(searchPath).Count > 0)
        {
            return;
        }
        if (ProgramLookup.Find(program, workingDirectory, searchPath).Problem is { } problem)
        {
            var at = ((YamlSequenceNode)fields["command"]).Children[0];
            yaml.Error(at, YamlFieldReader.Index(YamlFieldReader.Join(rolePath, "command"), 0), $"cannot run '{program}': {problem}");
        }
    }
}
