using System.Data.Common;
using Microsoft.Data.SqlClient;

namespace Strangler.Gateway.Fleet;

/// <summary>
/// A fleet store without the tables or columns this gateway needs: <c>strangler migrate</c> was never run against it,
/// or not since an upgrade (0025 added the replicas' run columns). The database's own "column run_id does not exist",
/// repeated at every heartbeat, did not say what to do; and until it is done this replica holds no replica row, so it
/// takes no lease and publishes no fleet figures. A database never migrated was said to have tables "older than this
/// gateway", which sent an operator looking for an old schema that was not there.
/// </summary>
internal static class FleetStoreSchema
{
    /// <summary>Whether <paramref name="exception"/> is a missing column or table.</summary>
    public static bool IsBehind(DbException exception) => exception switch
    {
        // undefined_column, undefined_table.
        { SqlState: "42703" or "42P01" } => true,
        // Invalid column name, invalid object name.
        SqlException { Number: 207 or 208 } => true,
        _ => false,
    };

    /// <summary>
    /// The error to raise instead, its inner exception the database's: a <see cref="DbException"/> still, so that every
    /// caller that rides out a store failure rides this one out too.
    /// </summary>
    public static DbException Behind(DbException exception) => new FleetStoreBehindException(
        $"the fleet store lacks a table or column this gateway needs ({exception.Message.ReplaceLineEndings(" ")}): it was never migrated, " +
        "or not since this gateway was upgraded; run `strangler migrate` against it (the same connection string); until then what needs " +
        "them fails, and a replica whose heartbeat fails takes no lease and publishes no fleet figures", exception);

    /// <summary>Whether <paramref name="exception"/> is one <see cref="Behind"/> raised.</summary>
    public static bool IsBehindError(Exception exception) => exception is FleetStoreBehindException;

    private sealed class FleetStoreBehindException(string message, Exception inner) : DbException(message, inner);
}
