using Strangler.LegacyDatabase.Dialects;

namespace Strangler.Sync.Reconcile.Reading;

/// <summary>
/// A projection's table name as the legacy database knows it. SQLite has no schemas but attached files, and the
/// built-in capture names tables <c>dbo.X</c> after SQL Server: there a qualified name is read as its table part (the
/// demo's <c>dbo.Customers</c> is the table <c>Customers</c>). Other engines take the name as written.
/// </summary>
internal static class LegacyTable
{
    public static string Quote(ISqlDialect dialect, string table) =>
        dialect.Provider == LegacyProvider.Sqlite ? dialect.QuoteIdentifier(SqliteName(table)) : dialect.QuoteTable(table);

    /// <summary>The table part of <paramref name="table"/>: its name in a SQLite file.</summary>
    public static string SqliteName(string table) => SqlIdentifier.SplitQualified(table)[^1];
}
