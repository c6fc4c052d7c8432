using Strangler.LegacyDatabase.Dialects;

namespace Strangler.LegacyDatabase.Keys;

/// <summary>
/// Statements that reserve a block. PostgreSQL and SQL Server: one row per entity in <c>strangler_key_blocks</c>,
/// advanced under its row lock; the monolith takes its keys from the same row (<c>strangler_next_key</c>).
/// SQLite: the block table is the engine's own <c>sqlite_sequence</c>, which AUTOINCREMENT inserts of the monolith
/// already consult, so the monolith needs no change at all (see <see cref="SqliteKeyBlocks"/>).
/// </summary>
internal static class KeyBlockSql
{
    public static string Initialise(ISqlDialect dialect, KeyEntity entity)
    {
        var table = dialect.QuoteTable(entity.Table);
        var key = dialect.QuoteIdentifier(entity.KeyColumn);
        return dialect.Provider switch
        {
            LegacyProvider.Postgres =>
                $"INSERT INTO strangler_key_blocks (entity, next_value) SELECT @entity, COALESCE(MAX({key}), 0) + 1 FROM {table} " +
                "ON CONFLICT (entity) DO NOTHING",
            LegacyProvider.SqlServer =>
                "IF NOT EXISTS (SELECT 1 FROM [strangler_key_blocks] WITH (UPDLOCK, HOLDLOCK) WHERE [entity] = @entity) " +
                $"INSERT INTO [strangler_key_blocks] ([entity], [next_value]) SELECT @entity, COALESCE(MAX({key}), 0) + 1 FROM {table};",
            _ => throw new NotSupportedException("SQLite reserves blocks in sqlite_sequence."),
        };
    }

    public static string Reserve(LegacyProvider provider) => provider switch
    {
        LegacyProvider.Postgres =>
            "UPDATE strangler_key_blocks SET next_value = next_value + @size WHERE entity = @entity RETURNING next_value - @size",
        LegacyProvider.SqlServer =>
            "UPDATE [strangler_key_blocks] SET [next_value] = [next_value] + @size OUTPUT deleted.[next_value] WHERE [entity] = @entity;",
        _ => throw new NotSupportedException("SQLite reserves blocks in sqlite_sequence."),
    };
}
