using Strangler.LegacyDatabase.Dialects.Postgres;
using Strangler.LegacyDatabase.Dialects.Sqlite;
using Strangler.LegacyDatabase.Dialects.SqlServer;

namespace Strangler.LegacyDatabase.Dialects;

/// <summary>Finds the dialect for a provider.</summary>
public static class SqlDialects
{
    /// <summary>A new dialect for <paramref name="provider"/> (dialects cache table metadata, so keep one per database).</summary>
    public static ISqlDialect For(LegacyProvider provider) => provider switch
    {
        LegacyProvider.Postgres => new PostgresDialect(),
        LegacyProvider.Sqlite => new SqliteDialect(),
        LegacyProvider.SqlServer => new SqlServerDialect(),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown provider."),
    };

    /// <summary>Parses <c>sqlserver</c>, <c>postgres</c> or <c>sqlite</c> (case-insensitive).</summary>
    public static LegacyProvider ParseProvider(string name) => name.Trim().ToLowerInvariant() switch
    {
        "sqlserver" or "mssql" => LegacyProvider.SqlServer,
        "postgres" or "postgresql" => LegacyProvider.Postgres,
        "sqlite" => LegacyProvider.Sqlite,
        _ => throw new ArgumentException($"Unknown provider '{name}': use sqlserver, postgres or sqlite.", nameof(name)),
    };
}
