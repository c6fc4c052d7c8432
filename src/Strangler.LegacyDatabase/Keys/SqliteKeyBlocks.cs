using System.Data.Common;
using Dapper;
using Strangler.LegacyDatabase.Dialects;

namespace Strangler.LegacyDatabase.Keys;

/// <summary>
/// SQLite: an AUTOINCREMENT table takes its next rowid from max(sqlite_sequence.seq, max(rowid)) + 1. Reserving a
/// block advances <c>sqlite_sequence.seq</c> past it inside a write transaction (BEGIN IMMEDIATE, so no other writer
/// runs meanwhile): the monolith's own inserts then continue after the block, and the block's keys are never taken.
/// A table without AUTOINCREMENT would reuse max(rowid) + 1 and is refused with a clear error.
/// </summary>
internal static class SqliteKeyBlocks
{
    public static async Task<long> ReserveAsync(
        ISqlDialect dialect, DbConnection connection, DbTransaction transaction, KeyEntity entity, CancellationToken cancellationToken)
    {
        var ddl = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = @name", new { name = entity.Table },
            transaction, cancellationToken: cancellationToken));
        if (ddl is null)
        {
            throw new LegacySchemaException($"Key entity '{entity.Name}': table '{entity.Table}' does not exist.");
        }
        if (!ddl.Contains("AUTOINCREMENT", StringComparison.OrdinalIgnoreCase))
        {
            throw new LegacySchemaException(
                $"Key entity '{entity.Name}': table '{entity.Table}' must declare its key INTEGER PRIMARY KEY AUTOINCREMENT " +
                "so the monolith's inserts skip reserved blocks.");
        }
        var max = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = @name), 0), " +
            $"COALESCE((SELECT MAX({dialect.QuoteIdentifier(entity.KeyColumn)}) FROM {dialect.QuoteTable(entity.Table)}), 0))",
            new { name = entity.Table }, transaction, cancellationToken: cancellationToken));
        var last = max + entity.BlockSize;
        var updated = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE sqlite_sequence SET seq = @last WHERE name = @name", new { last, name = entity.Table },
            transaction, cancellationToken: cancellationToken));
        if (updated == 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO sqlite_sequence (name, seq) VALUES (@name, @last)", new { last, name = entity.Table },
                transaction, cancellationToken: cancellationToken));
        }
        return max + 1;
    }
}
