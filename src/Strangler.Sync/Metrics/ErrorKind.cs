using System.Data.Common;
using Microsoft.Data.SqlClient;
using Strangler.Sync.Backfill;

namespace Strangler.Sync.Metrics;

/// <summary>
/// An error named by its kind only: the exception's type and the database's code (PostgreSQL's SQLSTATE, SQL Server's
/// error number), never its message. What <c>/readyz</c> shows, which anyone who reaches the port may read: a driver's
/// message names the database's host, port, user or database ("Failed to connect to 10.0.0.5:5432", "password
/// authentication failed for user ..."), as the gateway's <c>/readyz</c> avoids for its route store too. The log keeps
/// the whole error.
/// </summary>
internal static class ErrorKind
{
    public static string Of(Exception exception)
    {
        // The database's own error is often wrapped (a mapping's write, a retry policy): its code says the most.
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                // It keeps the driver's kind, not the driver's exception (whose message may quote row values).
                case LegacyWriteException legacy:
                    return legacy.Kind;
                case SqlException sql:
                    return $"{nameof(SqlException)} {sql.Number}";
                case DbException { SqlState: { Length: > 0 } state }:
                    return $"{inner.GetType().Name} {state}";
                case DbException:
                    return inner.GetType().Name;
            }
        }

        return exception.GetType().Name;
    }
}
