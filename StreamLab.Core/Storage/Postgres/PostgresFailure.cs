using System.Net.Sockets;
using Npgsql;

namespace StreamLab.Core.Storage.Postgres;

/// <summary>Turns what Npgsql throws when a server cannot be used into one line that names the host and the cause.</summary>
internal static class PostgresFailure
{
    /// <summary>True for failures to reach, log into or keep talking to the server (not for a bad query).</summary>
    public static bool IsConnectionProblem(Exception e) => e switch
    {
        PostgresException p => p.SqlState.StartsWith("08", StringComparison.Ordinal) // connection exception
                               || p.SqlState.StartsWith("28", StringComparison.Ordinal) // invalid authorization
                               || p.SqlState.StartsWith("57P", StringComparison.Ordinal) // shut down, cannot connect now
                               || p.SqlState is PostgresErrorCodes.InvalidCatalogName or PostgresErrorCodes.TooManyConnections,
        NpgsqlException or SocketException or TimeoutException or IOException => true,
        _ => false,
    };

    public static DatabaseUnavailableException Unavailable(DatabaseTarget target, Exception e)
    {
        var b = new NpgsqlConnectionStringBuilder(target.ConnectionString);
        return new DatabaseUnavailableException(
            $"cannot use PostgreSQL at {target.Host} (database \"{b.Database}\", user \"{b.Username}\"): {Cause(e, b.Password)}", e);
    }

    /// <summary>The innermost useful message, on one line, with the password (should a message ever hold it) masked.</summary>
    public static string Cause(Exception e, string? password = null)
    {
        var cause = Innermost(e) switch
        {
            PostgresException p => p.MessageText,
            SocketException s => s.Message,
            TimeoutException => "no answer (timed out)",
            var other => other.Message,
        };
        if (!string.IsNullOrEmpty(password))
        {
            cause = cause.Replace(password, "***", StringComparison.Ordinal);
        }
        return cause.ReplaceLineEndings(" ").Trim();
    }

    private static Exception Innermost(Exception e)
    {
        while (e is not PostgresException && e.InnerException is { } inner)
        {
            e = inner;
        }
        return e;
    }
}
