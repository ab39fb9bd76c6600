using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace StreamLab.Core.Storage;

/// <summary>
/// A statement prepared once on an open <see cref="SqliteConnection"/> and bound by position.
/// SqliteCommand binds every parameter by name on every execution (a linear search in SQLite plus a
/// UTF-8 conversion per parameter), which makes multi-row INSERTs slower, not faster; binding by
/// index through the connection's own handle is what lets the bulk writer reach 2× a prepared command.
/// </summary>
internal sealed class RawStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _stmt;

    public RawStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        var rc = raw.sqlite3_prepare_v2(_db, sql, out _stmt);
        SqliteException.ThrowExceptionForRC(rc, _db);
    }

    public void Bind(int index, long value) => raw.sqlite3_bind_int64(_stmt, index, value);

    public void Bind(int index, double value) => raw.sqlite3_bind_double(_stmt, index, value);

    public void Bind(int index, long? value)
    {
        if (value is { } v) raw.sqlite3_bind_int64(_stmt, index, v);
        else raw.sqlite3_bind_null(_stmt, index);
    }

    public void Bind(int index, double? value)
    {
        if (value is { } v) raw.sqlite3_bind_double(_stmt, index, v);
        else raw.sqlite3_bind_null(_stmt, index);
    }

    public void Bind(int index, string? value)
    {
        if (value is null) raw.sqlite3_bind_null(_stmt, index);
        else raw.sqlite3_bind_text(_stmt, index, value);
    }

    /// <summary>Runs a statement that returns no rows, then resets it for the next bindings.</summary>
    public void Execute()
    {
        var rc = raw.sqlite3_step(_stmt);
        raw.sqlite3_reset(_stmt);
        if (rc != raw.SQLITE_DONE && rc != raw.SQLITE_ROW)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }

    /// <summary>
    /// Runs a statement that returns no rows; false when it failed with <paramref name="expected"/> (an extended result
    /// code such as a key clash), which SQLite undid as a whole. Any other failure throws.
    /// </summary>
    public bool TryExecute(int expected)
    {
        var rc = raw.sqlite3_step(_stmt);
        var extended = rc is raw.SQLITE_DONE or raw.SQLITE_ROW ? 0 : raw.sqlite3_extended_errcode(_db);
        raw.sqlite3_reset(_stmt);
        if (rc is raw.SQLITE_DONE or raw.SQLITE_ROW) return true;
        if (extended == expected) return false;
        SqliteException.ThrowExceptionForRC(rc, _db);
        return false;
    }

    /// <summary>Runs a query and returns the first column of the first row, or null.</summary>
    public long? ExecuteScalarInt64()
    {
        try
        {
            var rc = raw.sqlite3_step(_stmt);
            if (rc == raw.SQLITE_ROW) return raw.sqlite3_column_int64(_stmt, 0);
            if (rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, _db);
            return null;
        }
        finally
        {
            raw.sqlite3_reset(_stmt);
        }
    }

    /// <summary>Steps a query: true with a row to read, false when done (then reset for reuse).</summary>
    public bool Step()
    {
        var rc = raw.sqlite3_step(_stmt);
        if (rc == raw.SQLITE_ROW) return true;
        raw.sqlite3_reset(_stmt);
        if (rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, _db);
        return false;
    }

    public long Int64(int column) => raw.sqlite3_column_int64(_stmt, column);

    public double Double(int column) => raw.sqlite3_column_double(_stmt, column);

    public bool IsNull(int column) => raw.sqlite3_column_type(_stmt, column) == raw.SQLITE_NULL;

    public string? Text(int column) => IsNull(column) ? null : raw.sqlite3_column_text(_stmt, column).utf8_to_string();

    public void Dispose() => _stmt.Dispose();
}
