using System.Data.Common;
using System.Globalization;
using Strangler.LegacyDatabase.Dialects;
using Strangler.Sync.Reconcile.Reading;

namespace Strangler.Sync.Reconcile.Continuous;

/// <summary>
/// Random keys of a legacy table. <c>ORDER BY random()</c> (<c>NEWID()</c> on SQL Server) reads the key column once per
/// sample: one index scan per check, which the owners of the legacy database agree to when they turn the check on.
/// </summary>
internal static class KeySample
{
    public static async Task<IReadOnlyList<object>> TakeAsync(
        DbConnection connection, string provider, string table, string keyColumn, int count, CancellationToken cancellationToken)
    {
        var kind = SqlDialects.ParseProvider(provider);
        var dialect = SqlDialects.For(kind);
        var key = dialect.QuoteIdentifier(keyColumn);
        var limit = count.ToString(CultureInfo.InvariantCulture);
        var quoted = LegacyTable.Quote(dialect, table);
        await using var command = connection.CreateCommand();
        command.CommandText = kind == LegacyProvider.SqlServer
            ? $"SELECT TOP ({limit}) {key} FROM {quoted} ORDER BY NEWID()"
            : $"SELECT {key} FROM {quoted} ORDER BY random() LIMIT {limit}";
        // Not sized by count: a long interval asks for millions of keys of what may be a small table.
        var keys = new List<object>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(RowValues.Normalize(reader.GetValue(0)));
        }

        return keys;
    }
}
