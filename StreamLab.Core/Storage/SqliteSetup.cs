using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace StreamLab.Core.Storage;

/// <summary>How every StreamLab SQLite connection is opened: WAL, synchronous=NORMAL, busy timeout, foreign keys.</summary>
public static class SqliteSetup
{
    /// <summary>The database file name inside the data directory.</summary>
    public const string FileName = "streamlab.db";

    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(5);

    // WAL survives in the file; synchronous and busy_timeout are per connection. With WAL,
    // synchronous=NORMAL loses at most the last commits on power loss and never corrupts the file.
    private const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON;";

    public static string ConnectionString(string dbPath) => new SqliteConnectionStringBuilder
    {
        DataSource = dbPath,
        Mode = SqliteOpenMode.ReadWriteCreate,
        ForeignKeys = true,
        DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        Pooling = true,
    }.ToString();

    /// <summary>Opens a connection with StreamLab's pragmas applied.</summary>
    public static SqliteConnection Open(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            ApplyPragmas(connection);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    internal static void ApplyPragmas(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    /// <summary>Applies the pragmas to connections EF Core opens.</summary>
    internal sealed class PragmaInterceptor : DbConnectionInterceptor
    {
        public static readonly PragmaInterceptor Instance = new();

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) =>
            ApplyPragmas(connection);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData,
            CancellationToken cancellationToken = default)
        {
            ApplyPragmas(connection);
            return Task.CompletedTask;
        }
    }
}
