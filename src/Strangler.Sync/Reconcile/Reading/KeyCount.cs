using System.Data.Common;
using System.Globalization;
using Strangler.LegacyDatabase.Dialects;

namespace Strangler.Sync.Reconcile.Reading;

/// <summary>
/// The number of rows of a legacy table, taken once at the start of a job, so its progress can show the time left. A
/// big table's is the catalogue's estimate: <c>COUNT(*)</c> reads the whole table, minutes on fifty million rows, a
/// load on the legacy database for a progress bar, before the first batch could start. A small table, or one the
/// catalogue has no estimate of, is counted. Either way it is a guide (rows come and go while the job runs), and a job
/// goes on without one when both fail.
/// </summary>
internal static class KeyCount
{
    /// <summary>From this many rows by the catalogue's estimate, the estimate stands; below it the count is cheap.</summary>
    internal const long EstimatedFrom = 1_000_000;

    /// <param name="connection">An open connection to the legacy database.</param>
    /// <param name="provider">Its engine, as <see cref="ReconcileOptions.Provider"/> names it.</param>
    /// <param name="table">The root table, as the projection names it.</param>
    /// <param name="cancellationToken">Stops the count.</param>
    /// <param name="estimatedFrom">From how many rows the estimate stands (a test's own, smaller).</param>
    public static async Task<KeyTotal?> OfAsync(DbConnection connection, string provider, string table, CancellationToken cancellationToken,
        long estimatedFrom = EstimatedFrom)
    {
        var dialect = SqlDialects.For(SqlDialects.ParseProvider(provider));
        if (await CatalogueEstimateAsync(connection, dialect, table, cancellationToken) is { } estimate && estimate >= estimatedFrom)
        {
            return new KeyTotal(estimate, Estimated: true);
        }

        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT COUNT(*) FROM {LegacyTable.Quote(dialect, table)}";
            return new KeyTotal(Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture), Estimated: false);
        }
        catch (DbException)
        {
            return null;
        }
    }

    /// <summary>
    /// The catalogue's row count of <paramref name="table"/>, read without touching the table; null when the database
    /// keeps none (SQLite), has none yet (a PostgreSQL table never analysed or vacuumed: <c>reltuples</c> is -1 from
    /// PostgreSQL 14, 0 before), or the catalogue cannot be read.
    /// </summary>
    private static async Task<long?> CatalogueEstimateAsync(DbConnection connection, ISqlDialect dialect, string table, CancellationToken cancellationToken)
    {
        var sql = dialect.Provider switch
        {
            // to_regclass resolves the quoted name as the queries do (schema, or the search path), and gives null, not
            // an error, for a table that is not there: the count then says what is wrong. The rows per page of the last
            // ANALYZE times the pages the table has now, as the planner estimates: a table that grew since (a night's
            // inserts) is taken at its size, not at the last ANALYZE's.
            LegacyProvider.Postgres =>
                "SELECT CASE WHEN reltuples < 0 THEN NULL WHEN relpages > 0 " +
                "THEN (reltuples / relpages * (pg_relation_size(oid) / current_setting('block_size')::bigint))::bigint " +
                "ELSE reltuples::bigint END FROM pg_class WHERE oid = to_regclass(@table)",
            // Kept by the engine as rows come and go (heap or clustered index, all partitions); not run here, since no
            // SQL Server runs in this project's tests.
            LegacyProvider.SqlServer => "SELECT SUM(rows) FROM sys.partitions WHERE object_id = OBJECT_ID(@table) AND index_id IN (0, 1)",
            _ => null,
        };
        if (sql is null)
        {
            return null;
        }

        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            var name = command.CreateParameter();
            name.ParameterName = "@table";
            name.Value = dialect.QuoteTable(table);
            command.Parameters.Add(name);
            return await command.ExecuteScalarAsync(cancellationToken) is { } value and not DBNull
                && Convert.ToInt64(value, CultureInfo.InvariantCulture) is var rows and > 0
                ? rows
                : null;
        }
        catch (DbException)
        {
            return null;
        }
    }
}
