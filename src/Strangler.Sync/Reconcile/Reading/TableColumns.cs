using System.Data.Common;

namespace Strangler.Sync.Reconcile.Reading;

/// <summary>The column names of a legacy table, as its engine spells them.</summary>
internal static class TableColumns
{
    /// <summary>
    /// The columns of <paramref name="quotedTable"/> from an empty result: the same statement on every engine, and it
    /// names them exactly as <c>SELECT t.*</c>, which the batches read, returns them.
    /// </summary>
    public static async Task<IReadOnlyList<string>> ReadAsync(DbConnection connection, string quotedTable, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM {quotedTable} WHERE 1 = 0";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var columns = new string[reader.FieldCount];
        for (var i = 0; i < columns.Length; i++)
        {
            columns[i] = reader.GetName(i);
        }

        return columns;
    }
}
