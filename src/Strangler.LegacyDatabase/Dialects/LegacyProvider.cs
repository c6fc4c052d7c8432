namespace Strangler.LegacyDatabase.Dialects;

/// <summary>The database engines a legacy database can run on.</summary>
public enum LegacyProvider
{
    /// <summary>Microsoft SQL Server (Microsoft.Data.SqlClient).</summary>
    SqlServer,

    /// <summary>PostgreSQL (Npgsql).</summary>
    Postgres,

    /// <summary>SQLite (Microsoft.Data.Sqlite).</summary>
    Sqlite,
}
