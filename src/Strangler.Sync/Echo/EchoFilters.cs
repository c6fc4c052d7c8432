using Strangler.LegacyDatabase.Dialects;

namespace Strangler.Sync.Echo;

/// <summary>Creates the echo filter for a legacy database.</summary>
internal static class EchoFilters
{
    /// <summary>
    /// PostgreSQL: matches <c>source.txId</c> against <c>strangler_sync_origin.tx_id</c>. SQL Server: matches
    /// <c>source.commit_lsn</c> against the commit LSNs of the marker table's own CDC change rows. SQLite: the built-in
    /// capture's triggers see the marker row inside the backfill transaction: they do not record its inserts and
    /// updates, and mark its deletes in the message itself (<see cref="Debezium.ChangeEvent.Origin"/>), so there is
    /// nothing to look up.
    /// </summary>
    public static IEchoFilter For(LegacyProvider provider, string connectionString) => provider switch
    {
        LegacyProvider.Postgres => new PostgresEchoFilter(connectionString),
        LegacyProvider.SqlServer => new SqlServerEchoFilter(connectionString),
        _ => new NoEchoFilter(),
    };

    /// <summary>
    /// The filter <paramref name="options"/> configure; no filter at all when no provider is set or it is <c>none</c>.
    /// (The sync worker's host also falls back to its backfill's database when no provider is set.)
    /// </summary>
    public static IEchoFilter For(EchoOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return string.IsNullOrWhiteSpace(options.Provider) ? new NoEchoFilter() : EchoSource.Select(options, []).CreateFilter();
    }
}
