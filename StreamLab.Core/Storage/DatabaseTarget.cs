using System.Globalization;
using Npgsql;

namespace StreamLab.Core.Storage;

/// <summary>Which database engine holds the results.</summary>
public enum StoreProvider { Sqlite, Postgres }

/// <summary>
/// Where the results database is: SQLite in the data folder (the default, no server), or a PostgreSQL server given as
/// <c>--db postgres://user:pass@host:port/db</c> (or <c>STREAMLAB_DB</c>) or as an Npgsql connection string.
/// </summary>
/// <remarks><see cref="ToString"/> and <see cref="Describe"/> never show the password.</remarks>
public sealed class DatabaseTarget
{
    /// <summary>The environment variable read when <c>--db</c> is not given.</summary>
    public const string Variable = "STREAMLAB_DB";

    /// <summary>Seconds to wait for a server that does not answer, unless the URL sets <c>connect_timeout</c>.</summary>
    public const int DefaultConnectTimeout = 5;

    private DatabaseTarget(StoreProvider provider, string connectionString)
    {
        Provider = provider;
        ConnectionString = connectionString;
    }

    public StoreProvider Provider { get; }

    /// <summary>The ADO.NET connection string (SQLite's or Npgsql's). Holds the password: never print it.</summary>
    public string ConnectionString { get; }

    /// <summary>SQLite's <c>streamlab.db</c> in the data folder.</summary>
    public static DatabaseTarget Sqlite(string dataDirectory) =>
        SqliteFile(Path.Combine(Path.GetFullPath(dataDirectory), SqliteSetup.FileName));

    /// <summary>A SQLite database file.</summary>
    public static DatabaseTarget SqliteFile(string path) => new(StoreProvider.Sqlite, SqliteSetup.ConnectionString(Path.GetFullPath(path)));

    /// <summary>A PostgreSQL server from <c>postgres://…</c>/<c>postgresql://…</c> or an Npgsql connection string.</summary>
    /// <exception cref="FormatException">Neither; the message names what is wrong and never holds the password.</exception>
    public static DatabaseTarget Postgres(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        var builder = trimmed.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
                      || trimmed.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
            ? PostgresUrl.Parse(trimmed)
            : FromConnectionString(trimmed);
        if (string.IsNullOrEmpty(builder.Host))
        {
            throw new FormatException("the PostgreSQL address names no host");
        }
        builder.ApplicationName ??= "streamlab";
        return new DatabaseTarget(StoreProvider.Postgres, builder.ConnectionString);
    }

    /// <summary>
    /// <c>--db</c>/<c>STREAMLAB_DB</c> when given, else SQLite in <paramref name="dataDirectory"/>. <c>--db</c> is for
    /// PostgreSQL only: SQLite is the default and lives in the data folder (<c>--data</c>).
    /// </summary>
    /// <exception cref="DatabaseUnavailableException">A malformed value; the message names where it came from.</exception>
    public static DatabaseTarget Resolve(string? db, string dataDirectory)
    {
        var fromOption = !string.IsNullOrWhiteSpace(db);
        var text = fromOption ? db : Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return Sqlite(dataDirectory);
        }
        try
        {
            return Postgres(text);
        }
        catch (FormatException e)
        {
            throw new DatabaseUnavailableException($"{(fromOption ? "--db" : Variable)}: {e.Message}", e);
        }
    }

    /// <summary>
    /// For <c>db copy</c>: a PostgreSQL URL or connection string, else a SQLite lab given as its data folder or its
    /// database file.
    /// </summary>
    public static DatabaseTarget ParseAny(string text)
    {
        if (LooksLikePostgres(text))
        {
            return Postgres(text);
        }
        return Directory.Exists(text) || !text.EndsWith(".db", StringComparison.OrdinalIgnoreCase) ? Sqlite(text) : SqliteFile(text);
    }

    private static bool LooksLikePostgres(string text) =>
        text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
        || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
        || (text.Contains('=') && text.Contains("host", StringComparison.OrdinalIgnoreCase));

    private static NpgsqlConnectionStringBuilder FromConnectionString(string text)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(text);
            if (!new System.Data.Common.DbConnectionStringBuilder { ConnectionString = text }.ContainsKey("Timeout"))
            {
                builder.Timeout = DefaultConnectTimeout;
            }
            return builder;
        }
        catch (ArgumentException e)
        {
            // Npgsql's message names the keyword, never the value.
            throw new FormatException($"not a postgres:// URL nor an Npgsql connection string ({e.Message})", e);
        }
    }

    /// <summary>Engine, host, port, database and user: what an error message may show.</summary>
    public string Describe()
    {
        if (Provider == StoreProvider.Sqlite)
        {
            return "SQLite " + new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(ConnectionString).DataSource;
        }
        var b = new NpgsqlConnectionStringBuilder(ConnectionString);
        var user = string.IsNullOrEmpty(b.Username) ? "" : b.Username + "@";
        return string.Create(CultureInfo.InvariantCulture, $"PostgreSQL {user}{Host}/{b.Database}");
    }

    /// <summary>host:port of a PostgreSQL target (the socket folder for a Unix socket).</summary>
    public string Host
    {
        get
        {
            if (Provider == StoreProvider.Sqlite)
            {
                return "localhost";
            }
            var b = new NpgsqlConnectionStringBuilder(ConnectionString);
            return string.Create(CultureInfo.InvariantCulture, $"{b.Host}:{b.Port}");
        }
    }

    public override string ToString() => Describe();
}
