using Npgsql;

namespace StreamLab.Core.Storage.Postgres;

/// <summary>
/// Series names → ids (table <c>series</c>), cached. A new name is inserted on a connection of its own and committed at
/// once, so writers in the middle of a COPY or of a long import transaction can intern names, and a rolled-back batch
/// never leaves a cached id behind. Concurrent writers (other processes) may insert the same name: the unique index
/// decides and both read the one id.
/// </summary>
internal sealed class PostgresSeries(string connectionString)
{
    private readonly Dictionary<string, long> _ids = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public long Id(string name)
    {
        lock (_gate)
        {
            if (_ids.TryGetValue(name, out var id))
            {
                return id;
            }
            id = Lookup(name);
            _ids[name] = id;
            return id;
        }
    }

    private long Lookup(string name)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        // Each statement sees what committed before it started: a name another writer just inserted is found by the
        // second SELECT when our INSERT did nothing.
        return Scalar(connection, "SELECT id FROM series WHERE name = $1", name)
               ?? Scalar(connection, "INSERT INTO series (name) VALUES ($1) ON CONFLICT (name) DO NOTHING RETURNING id", name)
               ?? Scalar(connection, "SELECT id FROM series WHERE name = $1", name)
               ?? throw new InvalidOperationException($"Series '{name}' vanished after insert.");
    }

    private static long? Scalar(NpgsqlConnection connection, string sql, string name)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = name });
        return command.ExecuteScalar() is long id ? id : null;
    }
}
