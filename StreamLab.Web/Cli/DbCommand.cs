using System.CommandLine;
using System.Globalization;
using StreamLab.Core.Storage;

namespace StreamLab.Web.Cli;

/// <summary><c>streamlab db copy --from A --to B</c>: a whole lab into an empty database, then checked by counts and summaries.</summary>
internal static class DbCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var from = new Option<string>("--from")
        {
            Description = "The lab to copy: a SQLite data folder or .db file, or a PostgreSQL URL / connection string",
            Required = true,
        };
        var to = new Option<string>("--to") { Description = "An empty database to copy into (same forms as --from)", Required = true };
        var copy = new Command("copy", "Copy every table of one lab into an empty database (SQLite to PostgreSQL and back), then compare counts and summaries")
        {
            from, to,
        };
        copy.SetAction(async (parse, ct) =>
        {
            // A malformed or unreachable database throws DatabaseUnavailableException: one line, exit 2 (StreamLabCli).
            using var source = await OpenAsync(parse.GetRequiredValue(from), ct, mustExist: true);
            using var target = await OpenAsync(parse.GetRequiredValue(to), ct);
            if (source.Provider == target.Provider && source.ConnectionString == target.ConnectionString)
            {
                await error.WriteLineAsync("error: --from and --to are the same database");
                return StreamLabCli.InvalidInput;
            }
            await output.WriteLineAsync($"copying {source.Describe()} into {target.Describe()}");
            LabCopyResult result;
            try
            {
                result = await LabCopy.CopyAsync(source, target, line => output.WriteLine("  " + line), ct);
            }
            catch (LabCopyException e)
            {
                await error.WriteLineAsync($"error: {e.Message}");
                return StreamLabCli.InvalidInput;
            }
            var c = CultureInfo.InvariantCulture;
            TextTable.Write(output, ["table"], ["source rows", "target rows"],
                result.Tables.Select(t => new[] { t.Table, t.From.ToString("N0", c), t.To.ToString("N0", c) }).ToList());
            await output.WriteLineAsync(string.Format(c, "checked: every table's rows equal; summaries of {0:N0} records ({1:N0} values) equal; {2:F1} s",
                result.Records, result.SummaryValues, result.Elapsed.TotalSeconds));
            return 0;
        });
        return new Command("db", "Whole-database operations") { copy };
    }

    private static async Task<StoreDatabase> OpenAsync(string text, CancellationToken ct, bool mustExist = false)
    {
        DatabaseTarget target;
        try
        {
            target = DatabaseTarget.ParseAny(text);
        }
        catch (FormatException e)
        {
            throw new DatabaseUnavailableException(e.Message, e);
        }
        var database = StoreDatabase.Open(target);
        if (mustExist && database is SqliteDatabase sqlite && !File.Exists(sqlite.FilePath))
        {
            database.Dispose();
            throw new DatabaseUnavailableException($"no lab to copy: {sqlite.FilePath} does not exist");
        }
        try
        {
            await database.CheckReachableAsync(ct);
            return database;
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }
}
