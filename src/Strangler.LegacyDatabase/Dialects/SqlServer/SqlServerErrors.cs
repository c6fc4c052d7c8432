namespace Strangler.LegacyDatabase.Dialects.SqlServer;

/// <summary>Classifies SQL Server failures by error number.</summary>
internal static class SqlServerErrors
{
    public static FailureKind Classify(int number) => number switch
    {
        // deadlock victim, lock timeout, timeout, connection/availability errors (incl. Azure SQL's transient set).
        1205 or 1222 or -2 or 233 or 64 or 10053 or 10054 or 10060 or 4060 or 40197 or 40501 or 40613 or 49918 or 49919
            => FailureKind.Transient,
        // duplicate key, FK/check violation, NULL into NOT NULL, invalid object/column, conversion and truncation.
        2627 or 2601 or 547 or 515 or 208 or 207 or 245 or 8114 or 8115 or 2628 or 8152 or 241 or 242
            => FailureKind.Permanent,
        _ => FailureKind.Transient,
    };
}
