using Npgsql;

namespace Strangler.LegacyDatabase.Dialects.Postgres;

/// <summary>Classifies PostgreSQL failures by SQLSTATE (https://www.postgresql.org/docs/current/errcodes-appendix.html).</summary>
internal static class PostgresErrors
{
    public static FailureKind Classify(Exception exception) => exception switch
    {
        LegacySchemaException or LegacyRowMissingException or FormatException or InvalidCastException => FailureKind.Permanent,
        // A unique violation in Strangler's own bookkeeping tables comes from a KnownAbsent insert that lost a race with
        // a concurrent writer of the same event or row: the retry reads the row and treats the event as duplicate/stale.
        PostgresException { SqlState: "23505" } pg when pg.TableName?.StartsWith("strangler_", StringComparison.Ordinal) == true =>
            FailureKind.Transient,
        PostgresException pg => ClassifyState(pg.SqlState),
        // NpgsqlException without a server error: the connection broke or timed out.
        _ => FailureKind.Transient,
    };

    internal static FailureKind ClassifyState(string sqlState) => sqlState switch
    {
        "40001" or "40P01" => FailureKind.Transient, // serialization failure, deadlock
        _ when sqlState.StartsWith("08", StringComparison.Ordinal) => FailureKind.Transient, // connection exception
        _ when sqlState.StartsWith("57P", StringComparison.Ordinal) => FailureKind.Transient, // admin/crash shutdown
        _ when sqlState.StartsWith("53", StringComparison.Ordinal) => FailureKind.Transient, // insufficient resources
        _ when sqlState.StartsWith("23", StringComparison.Ordinal) => FailureKind.Permanent, // integrity constraint
        _ when sqlState.StartsWith("22", StringComparison.Ordinal) => FailureKind.Permanent, // data exception
        _ when sqlState.StartsWith("42", StringComparison.Ordinal) => FailureKind.Permanent, // undefined table/column, type mismatch
        // Unknown errors are retried: a wrongly retried error stalls visibly, a wrongly dead-lettered one loses data.
        _ => FailureKind.Transient,
    };
}
