using Dapper;
using Microsoft.Data.SqlClient;

namespace Strangler.Sync.Echo;

/// <summary>
/// SQL Server CDC stamps every change row with its transaction's commit LSN (<c>__$start_lsn</c>), the value
/// Debezium reports as <c>source.commit_lsn</c>. With CDC enabled on <c>strangler_sync_origin</c>, the marker row
/// that each backfill transaction inserts gets the same commit LSN as the transaction's other changes; a captured
/// change whose commit LSN has a marker row in the change table came from the backfill.
/// </summary>
internal sealed class SqlServerEchoFilter(string connectionString) : IEchoFilter
{
    internal const string Query =
        "SELECT DISTINCT __$start_lsn FROM cdc.dbo_strangler_sync_origin_CT WHERE __$operation = 2 AND __$start_lsn IN @lsns";

    public async Task<IReadOnlySet<string>> FindBackfillTransactionsAsync(IReadOnlyCollection<string> transactionIds, CancellationToken cancellationToken)
    {
        var byBytes = transactionIds.Distinct().Select(t => (Text: t, Bytes: ParseLsn(t))).Where(t => t.Bytes is not null).ToList();
        if (byBytes.Count == 0)
        {
            return new HashSet<string>();
        }
        await using var connection = new SqlConnection(connectionString);
        var found = (await connection.QueryAsync<byte[]>(new CommandDefinition(
            Query, new { lsns = byBytes.Select(t => t.Bytes!).ToArray() }, cancellationToken: cancellationToken)))
            .Select(Convert.ToHexString).ToHashSet(StringComparer.Ordinal);
        return byBytes.Where(t => found.Contains(Convert.ToHexString(t.Bytes!))).Select(t => t.Text).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Debezium writes LSNs as <c>0000002d:00000b28:0003</c> (VLF:block:slot, hex); CDC stores the 10 bytes.</summary>
    internal static byte[]? ParseLsn(string lsn)
    {
        var hex = lsn.Replace(":", "", StringComparison.Ordinal);
        return hex.Length == 20 && hex.All(Uri.IsHexDigit) ? Convert.FromHexString(hex) : null;
    }
}
