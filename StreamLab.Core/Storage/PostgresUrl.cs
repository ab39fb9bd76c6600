using System.Globalization;
using Npgsql;

namespace StreamLab.Core.Storage;

/// <summary>
/// libpq's connection URI (<c>postgres://user:pass@host:port/db?sslmode=require</c>) as an Npgsql connection string.
/// Parts are percent-decoded (a password with <c>@</c> is written <c>%40</c>; a socket folder as host is
/// <c>%2Frun%2Fpostgresql</c> or <c>?host=/run/postgresql</c>). Errors never quote the password.
/// </summary>
internal static class PostgresUrl
{
    public static NpgsqlConnectionStringBuilder Parse(string url)
    {
        var rest = url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..];
        var query = "";
        if (rest.IndexOf('?') is var q and >= 0)
        {
            query = rest[(q + 1)..];
            rest = rest[..q];
        }
        var builder = new NpgsqlConnectionStringBuilder { Timeout = DatabaseTarget.DefaultConnectTimeout };
        var slash = rest.IndexOf('/');
        var authority = slash < 0 ? rest : rest[..slash];
        if (slash >= 0 && rest[(slash + 1)..] is { Length: > 0 } database)
        {
            builder.Database = Decode(database);
        }
        if (authority.LastIndexOf('@') is var at and >= 0)
        {
            var user = authority[..at];
            authority = authority[(at + 1)..];
            if (user.IndexOf(':') is var colon and >= 0)
            {
                builder.Password = Decode(user[(colon + 1)..]);
                user = user[..colon];
            }
            builder.Username = Decode(user);
        }
        SetHost(builder, authority);
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            var key = Decode(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? "" : Decode(pair[(eq + 1)..]);
            SetParameter(builder, key, value);
        }
        return builder;
    }

    private static void SetHost(NpgsqlConnectionStringBuilder builder, string authority)
    {
        if (authority.Length == 0)
        {
            return;
        }
        if (authority.Contains(','))
        {
            builder.Host = Decode(authority); // several hosts, each host[:port]: Npgsql reads that list as it is
            return;
        }
        var host = authority;
        var colon = authority.StartsWith('[') ? authority.IndexOf("]:", StringComparison.Ordinal) + 1 : authority.LastIndexOf(':');
        if (colon > 0)
        {
            host = authority[..colon];
            builder.Port = Port(authority[(colon + 1)..]);
        }
        builder.Host = Decode(host.Trim('[', ']'));
    }

    private static void SetParameter(NpgsqlConnectionStringBuilder builder, string key, string value)
    {
        switch (key)
        {
            case "host": builder.Host = value; break;
            case "port": builder.Port = Port(value); break;
            case "user": builder.Username = value; break;
            case "password": builder.Password = value; break;
            case "dbname": builder.Database = value; break;
            case "connect_timeout": builder.Timeout = Number(key, value); break;
            case "application_name": builder.ApplicationName = value; break;
            case "options": builder.Options = value; break;
            case "sslmode": builder.SslMode = SslMode(value); break;
            case "sslrootcert": builder.RootCertificate = value; break;
            case "sslcert": builder.SslCertificate = value; break;
            case "sslkey": builder.SslKey = value; break;
            case "target_session_attrs": builder.TargetSessionAttributes = value; break;
            default: throw new FormatException($"unknown parameter '{key}' in the postgres:// URL");
        }
    }

    private static SslMode SslMode(string value) => value switch
    {
        "disable" => Npgsql.SslMode.Disable,
        "allow" => Npgsql.SslMode.Allow,
        "prefer" => Npgsql.SslMode.Prefer,
        "require" => Npgsql.SslMode.Require,
        "verify-ca" => Npgsql.SslMode.VerifyCA,
        "verify-full" => Npgsql.SslMode.VerifyFull,
        _ => throw new FormatException($"sslmode '{value}' is not one of disable, allow, prefer, require, verify-ca, verify-full"),
    };

    private static int Port(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            ? port
            : throw new FormatException($"port '{text}' in the postgres:// URL is not a number from 1 to 65535");

    private static int Number(string key, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new FormatException($"{key} '{text}' in the postgres:// URL is not a whole number");

    private static string Decode(string text) => Uri.UnescapeDataString(text);
}
