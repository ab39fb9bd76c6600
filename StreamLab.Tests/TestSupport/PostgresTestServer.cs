using System.Diagnostics;
using System.Globalization;
using Npgsql;
using StreamLab.Core.Storage;
using StreamLab.Core.Storage.Postgres;

namespace StreamLab.Tests.TestSupport;

/// <summary>
/// The real PostgreSQL server tests run against: <c>STREAMLAB_TEST_PG</c> (./test.sh starts a throwaway server and sets
/// it), else a throwaway server started here once per test run with <c>scripts/throwaway-postgres.sh</c> and stopped
/// when the test process exits (its watcher stops it even if the process is killed).
/// </summary>
/// <remarks>
/// <see cref="CreateDatabaseAsync"/> gives each test (or test class) a database of its own, copied from a template
/// migrated once per test run, so a fresh schema costs one <c>CREATE DATABASE … TEMPLATE</c>.
/// </remarks>
public static class PostgresTestServer
{
    public const string Variable = "STREAMLAB_TEST_PG";

    private static readonly Lazy<string> Url = new(StartOrFind, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly SemaphoreSlim TemplateGate = new(1, 1);
    private static string? _template;

    /// <summary>The superuser URL of the server (database <c>postgres</c>).</summary>
    public static string AdminUrl => Url.Value;

    /// <summary>A new, empty database (migrated unless <paramref name="migrated"/> is false), dropped when disposed.</summary>
    public static async Task<PostgresTestDatabase> CreateDatabaseAsync(bool migrated = true)
    {
        var name = "sltest_" + Guid.NewGuid().ToString("N")[..16];
        var template = migrated ? await TemplateAsync() : "template0";
        await AdminAsync($"CREATE DATABASE {name} TEMPLATE {template}");
        return new PostgresTestDatabase(name, ConnectionStringFor(name));
    }

    /// <summary>A connection string to another database of the server.</summary>
    public static string ConnectionStringFor(string database)
    {
        var builder = new NpgsqlConnectionStringBuilder(DatabaseTarget.Postgres(AdminUrl).ConnectionString) { Database = database };
        return builder.ConnectionString;
    }

    internal static async Task AdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(DatabaseTarget.Postgres(AdminUrl).ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string> TemplateAsync()
    {
        await TemplateGate.WaitAsync();
        try
        {
            if (_template is not null)
            {
                return _template;
            }
            var name = ("sltemplate_" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "_" + Guid.NewGuid().ToString("N"))[..40];
            await AdminAsync($"CREATE DATABASE {name} TEMPLATE template0");
            using (var database = new PostgresDatabase(ConnectionStringFor(name)))
            {
                await database.MigrateAsync();
            } // disposing clears its pooled connections: CREATE DATABASE … TEMPLATE wants none open
            AppDomain.CurrentDomain.ProcessExit += (_, _) => DropQuietly(name);
            return _template = name;
        }
        finally
        {
            TemplateGate.Release();
        }
    }

    internal static void DropQuietly(string name)
    {
        try
        {
            AdminAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)").GetAwaiter().GetResult();
        }
        catch (NpgsqlException)
        {
            // The server may already be stopping at the end of the run.
        }
    }

    private static string StartOrFind()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } given)
        {
            return given;
        }
        var script = Path.Combine(Repo.Root, "scripts", "throwaway-postgres.sh");
        var start = new ProcessStartInfo(script) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "start", "--owner", Environment.ProcessId.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot run {script}");
        var output = process.StandardOutput.ReadToEnd();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        var values = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('=', 2))
            .Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        if (process.ExitCode != 0 || !values.TryGetValue(Variable, out var url) || !values.TryGetValue(Variable + "_DIR", out var dir))
        {
            throw new InvalidOperationException($"{script} start failed ({process.ExitCode}): {errors}");
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            using var stop = Process.Start(script, ["stop", dir]);
            stop?.WaitForExit(30_000);
        };
        return url;
    }
}

/// <summary>One test database on <see cref="PostgresTestServer"/>; disposing drops it (closing its connections).</summary>
public sealed class PostgresTestDatabase(string name, string connectionString) : IAsyncDisposable
{
    public string Name { get; } = name;

    /// <summary>An Npgsql connection string (with the password) for this database.</summary>
    public string ConnectionString { get; } = connectionString;

    public DatabaseTarget Target => DatabaseTarget.Postgres(ConnectionString);

    public async ValueTask DisposeAsync()
    {
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            NpgsqlConnection.ClearPool(connection);
        }
        await PostgresTestServer.AdminAsync($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
    }
}
