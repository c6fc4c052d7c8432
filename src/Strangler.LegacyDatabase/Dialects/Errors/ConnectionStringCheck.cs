using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Strangler.LegacyDatabase.Dialects.Errors;

/// <summary>
/// Reads a connection string the way its driver will, and says what is wrong with it without quoting any of it. The
/// drivers' own messages quote the part they could not read: a password holding an unquoted <c>;</c>, as in
/// <c>Password=ab;cd=ef</c>, makes SqlClient say "Keyword not supported: 'cd'" and Npgsql "Couldn't set cd", so the
/// rest of the password ends up in a log or on a console.
/// </summary>
public static class ConnectionStringCheck
{
    /// <summary>What to do about a connection string its driver refuses; it names no part of the string.</summary>
    internal const string Advice =
        "each part must be keyword=value, with a keyword the driver knows and a value of the right kind; a value holding ';' "
        + "or '=', or starting with a quote or a space, must be enclosed in double quotes (Password=\"ab;cd\", a \" inside written twice)";

    /// <summary>
    /// Null when the driver of <paramref name="provider"/> reads <paramref name="connectionString"/>; otherwise why not,
    /// in general terms, to follow the name of the setting that holds it. Nothing is connected to.
    /// </summary>
    public static string? Problem(LegacyProvider provider, string connectionString)
    {
        try
        {
            _ = Parse(provider, connectionString);
            return null;
        }
        catch (Exception ex) when (IsParseFailure(ex))
        {
            return Refused(provider);
        }
    }

    /// <summary>
    /// Where <paramref name="connectionString"/> points, to name in an error about reaching it: PostgreSQL's
    /// <c>host:port</c>, SQL Server's data source, SQLite's file; never the user, password or the rest of the string.
    /// Null when the driver cannot read the string or it names no place.
    /// </summary>
    public static string? Endpoint(LegacyProvider provider, string connectionString)
    {
        try
        {
            var endpoint = Parse(provider, connectionString) switch
            {
                // A host list (a,b) or a host with its own port (a:5433) is shown as written.
                NpgsqlConnectionStringBuilder { Host: { } host } pg => host.Contains(',') || host.Contains(':') ? host : $"{host}:{pg.Port}",
                SqlConnectionStringBuilder sql => sql.DataSource,
                SqliteConnectionStringBuilder sqlite => sqlite.DataSource,
                _ => null,
            };
            return string.IsNullOrWhiteSpace(endpoint) ? null : endpoint;
        }
        catch (Exception ex) when (IsParseFailure(ex))
        {
            return null;
        }
    }

    /// <summary>
    /// Creates a connection with <paramref name="create"/>; a connection string the driver refuses becomes an
    /// <see cref="ArgumentException"/> saying so in general terms, without the driver's message or exception.
    /// </summary>
    internal static DbConnection Create(LegacyProvider provider, string connectionString, Func<string, DbConnection> create)
    {
        try
        {
            return create(connectionString);
        }
        catch (Exception ex) when (IsParseFailure(ex))
        {
            // Not chained: the driver's exception carries the quoted part, and loggers print inner exceptions.
            throw new ArgumentException("The connection string " + Refused(provider));
        }
    }

    private static string Refused(LegacyProvider provider) =>
        $"is not one the {Name(provider)} driver can read (it is not shown: it may hold a password): {Advice}";

    private static DbConnectionStringBuilder Parse(LegacyProvider provider, string connectionString) => provider switch
    {
        LegacyProvider.Postgres => new NpgsqlConnectionStringBuilder(connectionString),
        LegacyProvider.SqlServer => new SqlConnectionStringBuilder(connectionString),
        LegacyProvider.Sqlite => new SqliteConnectionStringBuilder(connectionString),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown provider."),
    };

    // ArgumentException: an unknown keyword or a malformed string; Npgsql wraps a value of the wrong kind (Port=abc)
    // in one too. The others are what the builders' typed setters throw for a value of the wrong kind.
    private static bool IsParseFailure(Exception exception) =>
        exception is ArgumentException or FormatException or InvalidOperationException or KeyNotFoundException or OverflowException;

    private static string Name(LegacyProvider provider) => provider switch
    {
        LegacyProvider.Postgres => "PostgreSQL (Npgsql)",
        LegacyProvider.SqlServer => "SQL Server (Microsoft.Data.SqlClient)",
        _ => "SQLite (Microsoft.Data.Sqlite)",
    };
}
