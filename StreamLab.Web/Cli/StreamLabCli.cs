using System.CommandLine;
using StreamLab.Collectors.Processes;
using StreamLab.Core;
using StreamLab.Core.Storage;

namespace StreamLab.Web.Cli;

/// <summary>The <c>streamlab</c> command line: the same executable serves the app and runs campaigns headless.</summary>
public static class StreamLabCli
{
    /// <summary>Exit code for invalid input (a malformed campaign, a bad argument).</summary>
    public const int InvalidInput = 2;

    public static readonly Option<string> DataOption = new("--data")
    {
        Description = "Data folder (database and record folders). Default: $STREAMLAB_DATA or ./data",
        Recursive = true,
        DefaultValueFactory = _ => StreamLabPaths.DefaultDataDirectory(),
    };

    public static readonly Option<string?> DbOption = new("--db")
    {
        Description = "The results database on a PostgreSQL server: postgres://user:pass@host:port/db or an Npgsql connection " +
                      "string. Default: $STREAMLAB_DB, else SQLite in the data folder",
        Recursive = true,
    };

    /// <summary>The database the command line names: <c>--db</c>, else <c>STREAMLAB_DB</c>, else SQLite in the data folder.</summary>
    /// <exception cref="DatabaseUnavailableException">A malformed <c>--db</c>/<c>STREAMLAB_DB</c>.</exception>
    public static DatabaseTarget Database(ParseResult parse, string dataDirectory) =>
        DatabaseTarget.Resolve(parse.GetValue(DbOption), dataDirectory);

    public static async Task<int> InvokeAsync(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        if (args is [RoleGuardLoop.Verb])
        {
            // The role guard StreamLab starts for itself: answered before any command tree is built, so it costs
            // the runtime's start and little more (it starts beside the first role of a run).
            RoleGuardLoop.Run(Console.In);
            return 0;
        }
        output ??= Console.Out;
        error ??= Console.Error;
        if (args.Length == 0 || args[0].StartsWith("--urls", StringComparison.Ordinal))
        {
            args = ["serve", .. args];
        }
        var root = Build(output, error);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0 && parsed.CommandResult.Command.Name != ServeCommand.Name)
        {
            foreach (var parseError in parsed.Errors)
            {
                await error.WriteLineAsync($"error: {parseError.Message}");
            }
            return InvalidInput;
        }
        try
        {
            // Ctrl-C and SIGTERM are handled by the commands themselves so roles are stopped cleanly.
            return await parsed.InvokeAsync(new InvocationConfiguration
            {
                ProcessTerminationTimeout = null, Output = output, Error = error, EnableDefaultExceptionHandler = false,
            });
        }
        catch (DatabaseUnavailableException e)
        {
            // Thrown before anything started: the database is checked and migrated first.
            await error.WriteLineAsync($"error: {e.Message}");
            return InvalidInput;
        }
        catch (Exception e)
        {
            // What System.CommandLine's own handler does.
            if (e is not OperationCanceledException)
            {
                await error.WriteLineAsync($"Unhandled exception: {e}");
            }
            return 1;
        }
    }

    private static RootCommand Build(TextWriter output, TextWriter error)
    {
        var root = new RootCommand("StreamLab: benchmark video streaming systems over a parameter matrix.");
        root.Options.Add(DataOption);
        root.Options.Add(DbOption);
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(RunCommand.Create(output, error));
        root.Subcommands.Add(RecordsCommand.Create(output, error));
        root.Subcommands.Add(PowerCommand.Create(output, error));
        root.Subcommands.Add(ShowCommand.Create(output, error));
        root.Subcommands.Add(ImportCommand.Create(output, error));
        root.Subcommands.Add(ExportCommand.Create(output, error));
        root.Subcommands.Add(BenchCommand.Create(output));
        root.Subcommands.Add(SutCommand.Create(output, error));
        root.Subcommands.Add(DbCommand.Create(output, error));
        return root;
    }
}
