using Dapper;
using Strangler.LegacyDatabase.Dialects;

namespace Strangler.LegacyDatabase.Keys;

/// <summary>
/// Hands out keys that continue the legacy key series, reserving them a block at a time in the legacy database
/// (hi-lo), so a new service and the monolith can both create records during the cutover without colliding.
/// Thread-safe; keep one per process and database. Keys of a block not used before a restart are skipped (a gap),
/// never reused.
/// </summary>
public sealed class LegacyKeyAllocator(ISqlDialect dialect, string connectionString, IEnumerable<KeyEntity> entities) : IDisposable
{
    private readonly Dictionary<string, EntityState> _entities = entities.ToDictionary(
        e => e.Name, e => new EntityState(Validate(e)), StringComparer.Ordinal);

    /// <summary>The next key for <paramref name="entity"/>, reserving a new block in the database when needed.</summary>
    public async Task<long> NextAsync(string entity, CancellationToken cancellationToken = default)
    {
        if (!_entities.TryGetValue(entity, out var state))
        {
            throw new ArgumentException($"Unknown key entity '{entity}'; configured: {string.Join(", ", _entities.Keys)}.", nameof(entity));
        }
        await state.Gate.WaitAsync(cancellationToken);
        try
        {
            if (state.Next >= state.End)
            {
                var block = await ReserveAsync(state.Entity, cancellationToken);
                (state.Next, state.End) = (block.First, block.End);
            }
            return state.Next++;
        }
        finally
        {
            state.Gate.Release();
        }
    }

    /// <summary>
    /// Registers <paramref name="entity"/> in the block table, starting after the legacy table's current maximum key
    /// (no-op when registered, and on SQLite). Run it before pointing the monolith's key default at
    /// <c>strangler_next_key</c>.
    /// </summary>
    public async Task RegisterAsync(KeyEntity entity, CancellationToken cancellationToken = default)
    {
        if (dialect.Provider == LegacyProvider.Sqlite)
        {
            return;
        }
        await using var connection = dialect.CreateConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(KeyBlockSql.Initialise(dialect, entity),
            new { entity = entity.Name }, cancellationToken: cancellationToken));
    }

    /// <summary>Reserves one block for <paramref name="entity"/> directly (the allocator's own cache is not used).</summary>
    public async Task<KeyBlock> ReserveAsync(KeyEntity entity, CancellationToken cancellationToken = default)
    {
        await using var connection = dialect.CreateConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        long first;
        if (dialect.Provider == LegacyProvider.Sqlite)
        {
            first = await SqliteKeyBlocks.ReserveAsync(dialect, connection, transaction, entity, cancellationToken);
        }
        else
        {
            await RefuseOwnKeySourceAsync(connection, transaction, entity, cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(KeyBlockSql.Initialise(dialect, entity),
                new { entity = entity.Name }, transaction, cancellationToken: cancellationToken));
            first = await connection.ExecuteScalarAsync<long>(new CommandDefinition(KeyBlockSql.Reserve(dialect.Provider),
                new { entity = entity.Name, size = (long)entity.BlockSize }, transaction, cancellationToken: cancellationToken));
            var max = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(KeyBlockSql.MaxKey(dialect, entity),
                transaction: transaction, cancellationToken: cancellationToken));
            if (max >= first)
            {
                // Rolled back with the transaction: the row stays where it was, and nothing is handed out.
                throw new LegacySchemaException(
                    $"Key entity '{entity.Name}': table '{entity.Table}' already holds key {max}, at or past the block " +
                    $"strangler_key_blocks would hand out next ({first}): the monolith takes keys that are not from " +
                    $"strangler_next_key('{entity.Name}'). Make the monolith draw from it, and move the row past its keys " +
                    $"(UPDATE strangler_key_blocks SET next_value = {max} + 1 WHERE entity = '{entity.Name}'). No block was reserved.");
            }
        }
        await transaction.CommitAsync(cancellationToken);
        return new KeyBlock(first, entity.BlockSize);
    }

    // PostgreSQL: a key column that still has an identity or a sequence default means the monolith's inserts never
    // touch strangler_key_blocks; its sequence would run into the service's blocks, so no block is handed out at all.
    private async Task RefuseOwnKeySourceAsync(
        System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, KeyEntity entity, CancellationToken cancellationToken)
    {
        if (dialect.Provider != LegacyProvider.Postgres)
        {
            return;
        }
        var source = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(KeyBlockSql.PostgresOwnKeySource,
            new { table = dialect.QuoteTable(entity.Table), column = entity.KeyColumn }, transaction, cancellationToken: cancellationToken));
        if (source is not null)
        {
            var column = dialect.QuoteIdentifier(entity.KeyColumn);
            throw new LegacySchemaException(
                $"Key entity '{entity.Name}': {entity.Table}.{entity.KeyColumn} still takes its keys from {source}, not from " +
                $"strangler_key_blocks, so the monolith's keys would run into the service's blocks. Register the entity " +
                $"(RegisterAsync), then: ALTER TABLE {dialect.QuoteTable(entity.Table)} " +
                (source == "an identity column" ? $"ALTER COLUMN {column} DROP IDENTITY, " : "") +
                $"ALTER COLUMN {column} SET DEFAULT strangler_next_key('{entity.Name}'). No block was reserved.");
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var state in _entities.Values)
        {
            state.Gate.Dispose();
        }
    }

    private static KeyEntity Validate(KeyEntity entity)
    {
        if (entity.BlockSize is < 1 or > 1_000_000)
        {
            throw new ArgumentException($"Key entity '{entity.Name}': BlockSize must be between 1 and 1000000, not {entity.BlockSize}.");
        }
        SqlIdentifier.SplitQualified(entity.Table);
        SqlIdentifier.Check(entity.KeyColumn);
        return entity;
    }

    private sealed class EntityState(KeyEntity entity)
    {
        public KeyEntity Entity { get; } = entity;
        public SemaphoreSlim Gate { get; } = new(1, 1);
        public long Next { get; set; }
        public long End { get; set; }
    }
}
