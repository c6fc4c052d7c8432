using Strangler.LegacyDatabase.Dialects;

namespace Strangler.Sync.Reconcile.Reading;

/// <summary>Picks the batched reader of the configured legacy engine.</summary>
internal static class LegacyRowReaders
{
    public static ILegacyRowReader For(ReconcileOptions options, TimeProvider time)
    {
        var provider = SqlDialects.ParseProvider(options.Provider);
        var dialect = SqlDialects.For(provider);
        return provider switch
        {
            LegacyProvider.Postgres => new PostgresRowReader(dialect, options.ConnectionString, options.PositionWait, time),
            LegacyProvider.Sqlite => new SqliteRowReader(dialect, options.ConnectionString),
            _ => new SqlServerRowReader(dialect, options.ConnectionString),
        };
    }
}
