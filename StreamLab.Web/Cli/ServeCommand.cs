using System.CommandLine;
using StreamLab.Web.Hosting;

namespace StreamLab.Web.Cli;

/// <summary><c>streamlab serve [--urls URL]</c>: the web app (the default verb).</summary>
internal static class ServeCommand
{
    public const string Name = "serve";

    public static Command Create()
    {
        var command = new Command(Name, "Start the web app (default; listens on http://127.0.0.1:5080)")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetAction(async (parse, _) =>
        {
            // Everything after `serve` goes to ASP.NET Core's configuration (--urls, --Logging:…).
            var hostArgs = parse.UnmatchedTokens.ToList();
            hostArgs.Add($"--{WebHostSetup.DataKey}={parse.GetRequiredValue(StreamLabCli.DataOption)}");
            if (parse.GetValue(StreamLabCli.DbOption) is { Length: > 0 } db)
            {
                hostArgs.Add($"--{WebHostSetup.DbKey}={db}");
            }
            return await WebHostSetup.RunAsync(hostArgs.ToArray());
        });
        return command;
    }
}
