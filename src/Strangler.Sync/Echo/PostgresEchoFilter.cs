using System.Globalization;
using Dapper;
using Npgsql;

namespace Strangler.Sync.Echo;

/// <summary>
/// Debezium's PostgreSQL connector reports the 32-bit xid of each change as <c>source.txId</c>; every backfill
/// transaction stores its xid (mod 2^32) in <c>strangler_sync_origin</c> and that row commits with the changes, so
/// it is visible before any of them can be captured.
/// </summary>
internal sealed class PostgresEchoFilter(string connectionString) : IEchoFilter
{
    public async Task<IReadOnlySet<string>> FindBackfillTransactionsAsync(IReadOnlyCollection<string> transactionIds, CancellationToken cancellationToken)
    {
        var ids = transactionIds
            .Select(t => long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1)
            .Where(id => id >= 0).Distinct().ToArray();
        if (ids.Length == 0)
        {
            return new HashSet<string>();
        }
        await using var connection = new NpgsqlConnection(connectionString);
        var found = await connection.QueryAsync<long>(new CommandDefinition(
            "SELECT tx_id FROM strangler_sync_origin WHERE tx_id = ANY(@ids)", new { ids }, cancellationToken: cancellationToken));
        return found.Select(f => f.ToString(CultureInfo.InvariantCulture)).ToHashSet(StringComparer.Ordinal);
    }
}
