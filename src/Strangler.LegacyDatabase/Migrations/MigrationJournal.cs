using Strangler.LegacyDatabase.Dialects;

namespace Strangler.LegacyDatabase.Migrations;

/// <summary>The journal table's DDL and statements per provider; the runner creates it before any script.</summary>
internal static class MigrationJournal
{
    public const string Table = "strangler_migrations";

    public static string CreateSql(LegacyProvider provider) => provider switch
    {
        LegacyProvider.SqlServer =>
            "IF OBJECT_ID(N'strangler_migrations', N'U') IS NULL CREATE TABLE [strangler_migrations] (" +
            "[name] nvarchar(200) NOT NULL PRIMARY KEY, [checksum] char(64) NOT NULL, [applied_at] datetimeoffset NOT NULL)",
        LegacyProvider.Postgres =>
            "CREATE TABLE IF NOT EXISTS strangler_migrations (" +
            "name varchar(200) PRIMARY KEY, checksum char(64) NOT NULL, applied_at timestamptz NOT NULL)",
        _ =>
            "CREATE TABLE IF NOT EXISTS strangler_migrations (" +
            "name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)",
    };

    /// <summary>
    /// Serialises concurrent runners (PostgreSQL: a session advisory lock; SQLite: the write lock). On PostgreSQL the
    /// lock is per schema, as the journal is: runners of different schemas in one database do not wait for each other.
    /// </summary>
    public static string? LockSql(LegacyProvider provider) => provider switch
    {
        LegacyProvider.Postgres => "SELECT pg_advisory_lock(hashtext(current_schema() || '.strangler_migrations'))",
        // sp_getapplock reports failure (deadlock victim, cancelled) by its return code, not an error: unchecked, the
        // run would go on without the lock.
        LegacyProvider.SqlServer =>
            "DECLARE @result int; " +
            "EXEC @result = sp_getapplock @Resource = N'strangler_migrations', @LockMode = N'Exclusive', @LockOwner = N'Session'; " +
            "IF @result < 0 BEGIN DECLARE @message nvarchar(200) = " +
            "N'could not take the migration lock strangler_migrations (sp_getapplock returned ' + CAST(@result AS nvarchar(11)) + N'): run strangler migrate again'; " +
            "THROW 51000, @message, 1; END",
        _ => null,
    };

    /// <summary>
    /// Releases <see cref="LockSql"/>'s lock. Both are session locks: a pooled connection goes back to the pool with its
    /// session open, so the lock is released here rather than left to the driver's reset of the connection.
    /// </summary>
    public static string? UnlockSql(LegacyProvider provider) => provider switch
    {
        LegacyProvider.Postgres => "SELECT pg_advisory_unlock(hashtext(current_schema() || '.strangler_migrations'))",
        LegacyProvider.SqlServer =>
            "EXEC sp_releaseapplock @Resource = N'strangler_migrations', @LockOwner = N'Session'",
        _ => null,
    };

    /// <summary>1 when the journal exists, else 0 (for a look that creates nothing).</summary>
    public static string ExistsSql(LegacyProvider provider) => provider switch
    {
        LegacyProvider.SqlServer => "SELECT CASE WHEN OBJECT_ID(N'strangler_migrations', N'U') IS NULL THEN 0 ELSE 1 END",
        LegacyProvider.Postgres => "SELECT CASE WHEN to_regclass('strangler_migrations') IS NULL THEN 0 ELSE 1 END",
        _ => "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'strangler_migrations'",
    };

    public const string SelectSql = "SELECT name, checksum FROM strangler_migrations";

    public const string InsertSql = "INSERT INTO strangler_migrations (name, checksum, applied_at) VALUES (@name, @checksum, @appliedAt)";

    /// <summary>Splits SQL Server scripts on <c>GO</c> lines (a client-side batch separator); others run whole.</summary>
    public static IEnumerable<string> Batches(LegacyProvider provider, string sql)
    {
        if (provider != LegacyProvider.SqlServer)
        {
            return [sql];
        }
        return System.Text.RegularExpressions.Regex
            .Split(sql.ReplaceLineEndings("\n"), @"^\s*GO\s*$", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Where(b => !string.IsNullOrWhiteSpace(b));
    }
}
