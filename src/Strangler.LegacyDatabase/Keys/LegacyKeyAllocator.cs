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
            await connection.ExecuteAsync(new CommandDefinition(KeyBlockSql.Initialise(dialect, entity),
                new { entity = entity.Name }, transaction, cancellationToken: cancellationToken));
            first = await connection.ExecuteScalarAsync<long>(new CommandDefinition(KeyBlockSql.Reserve(dialect.Provider),
                new { entity = entity.Name, size = (long)entity.BlockSize }, transaction, cancellationToken: cancellationToken));
        }
        await transaction.CommitAsync(cancellationToken);
        return new KeyBlock(first, entity.BlockSize);
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
