using System.Data.Common;
using Strangler.Sync.Debezium;

namespace Strangler.Sync.Reconcile.Reading;

/// <summary>
/// Reads legacy tables in batches for the reconciler and the bulk load: keys in key order (keyset paging, never
/// OFFSET), and a batch's rows of several tables by putting the keys in a temporary table and joining to it, one
/// query per table, so neither one query per key nor an <c>IN</c> list past the engine's limits.
/// </summary>
internal interface ILegacyRowReader
{
    /// <summary>Creates (does not open) a connection.</summary>
    DbConnection CreateConnection();

    /// <summary>The single primary key column of <paramref name="table"/>; throws for none or a composite key.</summary>
    Task<string> KeyColumnAsync(DbConnection connection, string table, CancellationToken cancellationToken);

    /// <summary>
    /// The column names of <paramref name="table"/>, as a batch reads them and as a write names them; null when there
    /// is no such table (a backfill mapping's table is checked with this, and need not have a primary key).
    /// </summary>
    Task<IReadOnlyList<string>?> ColumnsAsync(DbConnection connection, string table, CancellationToken cancellationToken);

    /// <summary>
    /// For a <paramref name="table"/> that does not exist, the one whose name differs only in case, for a "did you
    /// mean"; null when there is none, or when the engine matches table names whatever their case anyway.
    /// </summary>
    Task<string?> TableNamedAlikeAsync(DbConnection connection, string table, CancellationToken cancellationToken) =>
        Task.FromResult<string?>(null);

    /// <summary>Up to <paramref name="limit"/> keys of <paramref name="table"/> after <paramref name="after"/> (null: from the first), in key order.</summary>
    Task<IReadOnlyList<object>> KeysAfterAsync(
        DbConnection connection, string table, string keyColumn, object? after, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// The rows of each of <paramref name="tables"/> matching <paramref name="keys"/>, one list per table in order. A
    /// row whose values cannot be read comes back with its error; a failure of the whole query throws.
    /// </summary>
    Task<IReadOnlyList<IReadOnlyList<LegacyRow>>> ReadAsync(
        DbConnection connection, IReadOnlyList<object> keys, IReadOnlyList<TableRead> tables, CancellationToken cancellationToken);

    /// <summary>
    /// A position in the legacy database's change log such that every change at or before it is visible to reads
    /// started afterwards, and every later change is after it: rows read after this call are at least this new.
    /// </summary>
    Task<SourcePosition> PositionAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>
    /// <paramref name="position"/> as a person reading this database's log would name it, for what a command prints;
    /// the value itself is what documents store and compare.
    /// </summary>
    string Describe(SourcePosition position) => position.Value;
}
