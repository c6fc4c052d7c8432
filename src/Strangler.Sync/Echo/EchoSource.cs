using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;
using Strangler.LegacyDatabase.Dialects;
using Strangler.Sync.Backfill;

namespace Strangler.Sync.Echo;

/// <summary>
/// The database the echo filter reads and which setting chose it: <c>Strangler:Sync:Echo</c> when set, otherwise the
/// legacy database the worker's own backfill writes (the one whose changes come back through Debezium).
/// </summary>
/// <param name="Provider">The legacy database's engine; null for no filter.</param>
/// <param name="ConnectionString">Its connection string (never logged: see <see cref="Describe"/>).</param>
/// <param name="ChosenBy">The setting that chose it, for the start-up log.</param>
internal sealed record EchoSource(LegacyProvider? Provider, string ConnectionString, string ChosenBy)
{
    /// <summary>Turns the filter off even when a backfill runs in the worker.</summary>
    public const string None = "none";

    /// <summary>
    /// Explicit configuration wins; <c>Provider: none</c> turns the filter off; otherwise the backfill's legacy
    /// database, when the worker runs exactly one (several writing different databases are ambiguous: no default).
    /// </summary>
    public static EchoSource Select(EchoOptions echo, IReadOnlyCollection<BackfillOptions> backfills)
    {
        const string at = "Strangler:Sync:Echo";
        if (string.Equals(echo.Provider.Trim(), None, StringComparison.OrdinalIgnoreCase))
        {
            return new EchoSource(null, string.Empty, $"{at}:Provider={None}");
        }

        if (!string.IsNullOrWhiteSpace(echo.Provider))
        {
            return new EchoSource(SqlDialects.ParseProvider(echo.Provider), echo.ConnectionString, at);
        }

        var databases = backfills
            .Select(b => (Provider: SqlDialects.ParseProvider(b.Provider), b.ConnectionString))
            .Distinct().ToList();
        return databases.Count switch
        {
            0 => new EchoSource(null, string.Empty, $"{at} (not set, and no backfill runs in this worker)"),
            1 => new EchoSource(databases[0].Provider, databases[0].ConnectionString, $"{BackfillOptions.SectionName} ({at} is not set)"),
            _ => new EchoSource(null, string.Empty, $"{at} (not set, and {databases.Count} backfills write different databases: set it)"),
        };
    }

    /// <summary>The filter for this source.</summary>
    public IEchoFilter CreateFilter() => Provider is { } provider ? EchoFilters.For(provider, ConnectionString) : new NoEchoFilter();

    /// <summary>Which database, without credentials: engine, server and database name.</summary>
    public string Describe()
    {
        try
        {
            return Provider switch
            {
                null => "no database (off)",
                LegacyProvider.Postgres when new NpgsqlConnectionStringBuilder(ConnectionString) is var pg =>
                    $"postgres database '{pg.Database}' on {pg.Host}:{pg.Port}" + (string.IsNullOrEmpty(pg.SearchPath) ? "" : $" (search path {pg.SearchPath})"),
                LegacyProvider.SqlServer when new SqlConnectionStringBuilder(ConnectionString) is var sql =>
                    $"sqlserver database '{sql.InitialCatalog}' on {sql.DataSource}",
                LegacyProvider.Sqlite =>
                    $"sqlite database {new SqliteConnectionStringBuilder(ConnectionString).DataSource}: nothing to look up, the built-in capture skips the backfill's inserts and updates and marks its deletes",
                _ => Provider.ToString()!,
            };
        }
        catch (ArgumentException)
        {
            // An unreadable connection string: say so without echoing any of it.
            return $"{Provider} database (connection string not readable)";
        }
    }
}
