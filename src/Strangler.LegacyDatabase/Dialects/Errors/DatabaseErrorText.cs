using Microsoft.Data.SqlClient;
using Npgsql;

namespace Strangler.LegacyDatabase.Dialects.Errors;

/// <summary>
/// Turns a database failure into one line that can go into a log, a dead letter's reason or a report: the engine's
/// error number or SQLSTATE and the names it gives (table, column, constraint), without the row values that some of
/// its messages quote (a duplicate key, a truncated string, an unconvertible input).
/// </summary>
public static class DatabaseErrorText
{
    /// <summary>What stands in for a value taken out of a message.</summary>
    public const string Redacted = "[redacted]";

    /// <summary>
    /// Describes <paramref name="exception"/>: SQL Server and PostgreSQL errors by their own fields (never PostgreSQL's
    /// <c>Detail</c>, which holds the failing row or key), any other exception by its message.
    /// </summary>
    public static string Describe(Exception exception) => exception switch
    {
        SqlException sql => SqlServerMessageText.Describe(sql),
        PostgresException pg => PostgresMessageText.Describe(pg.SqlState, pg.MessageText, pg.TableName, pg.ColumnName),
        // The others quote no row values: SQLite names the constraint or column only, NpgsqlException without a server
        // error is a broken connection, LegacySchemaException names a table or column.
        _ => exception.Message,
    };
}
