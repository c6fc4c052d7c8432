using Microsoft.Data.SqlClient;
using Npgsql;
using Strangler.LegacyDatabase.Dialects;

namespace Strangler.Sync.Reconcile.Reading;

/// <summary>Picks the batched reader of the configured legacy engine.</summary>
internal static class LegacyRowReaders
{
    /// <param name="options">The legacy database and how to read it.</param>
    /// <param name="time">The clock of the position wait.</param>
    /// <param name="applicationName">
    /// What the connections say they are (<c>strangler load customers</c>), unless the connection string names itself:
    /// a DBA watching <c>pg_stat_activity</c> or <c>sys.dm_exec_sessions</c> during the night's load saw five sessions
    /// with no name and could not tell them from the monolith's.
    /// </param>
    public static ILegacyRowReader For(ReconcileOptions options, TimeProvider time, string? applicationName = null)
    {
        var provider = SqlDialects.ParseProvider(options.Provider);
        var dialect = SqlDialects.For(provider);
        return provider switch
        {
            LegacyProvider.Postgres => new PostgresRowReader(dialect, Named(options.ConnectionString, applicationName, provider), options.PositionWait, time),
            LegacyProvider.Sqlite => new SqliteRowReader(dialect, options.ConnectionString),
            _ => new SqlServerRowReader(dialect, Named(options.ConnectionString, applicationName, provider)),
        };
    }

    private static string Named(string connectionString, string? applicationName, LegacyProvider provider)
    {
        if (applicationName is null)
        {
            return connectionString;
        }

        if (provider == LegacyProvider.Postgres)
        {
            var npgsql = new NpgsqlConnectionStringBuilder(connectionString);
            npgsql.ApplicationName ??= applicationName;
            return npgsql.ConnectionString;
        }

        var sqlServer = new SqlConnectionStringBuilder(connectionString);
        // SqlClient's default name, "Core Microsoft SqlClient Data Provider", names no one.
        if (!sqlServer.ShouldSerialize("Application Name"))
        {
            sqlServer.ApplicationName = applicationName;
        }

        return sqlServer.ConnectionString;
    }
}
