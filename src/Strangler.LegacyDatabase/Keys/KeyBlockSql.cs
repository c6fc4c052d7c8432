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

    /// <summary>The legacy table's largest key: at or past a new block's first key, the monolith is not drawing from the row.</summary>
    public static string MaxKey(ISqlDialect dialect, KeyEntity entity) =>
        $"SELECT MAX({dialect.QuoteIdentifier(entity.KeyColumn)}) FROM {dialect.QuoteTable(entity.Table)}";

    /// <summary>
    /// PostgreSQL: how the key column still takes keys of its own (an identity, or a <c>nextval</c> default), or no
    /// row when it does not. Such a monolith never touches <c>strangler_key_blocks</c>, so its keys run into the blocks.
    /// </summary>
    public const string PostgresOwnKeySource =
        "SELECT CASE WHEN a.attidentity <> '' THEN 'an identity column' " +
        "WHEN pg_get_expr(d.adbin, d.adrelid) LIKE 'nextval(%' THEN 'the default ' || pg_get_expr(d.adbin, d.adrelid) END " +
        "FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum " +
        "WHERE a.attrelid = to_regclass(@table) AND a.attname = @column";

    public static string Reserve(LegacyProvider provider) => provider switch
    {
        LegacyProvider.Postgres =>
            "UPDATE strangler_key_blocks SET next_value = next_value + @size WHERE entity = @entity RETURNING next_value - @size",
        LegacyProvider.SqlServer =>
            "UPDATE [strangler_key_blocks] SET [next_value] = [next_value] + @size OUTPUT deleted.[next_value] WHERE [entity] = @entity;",
        _ => throw new NotSupportedException("SQLite reserves blocks in sqlite_sequence."),
    };
}
