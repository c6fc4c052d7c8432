using System.Data.Common;
using Strangler.Sync.Projection;

namespace Strangler.Sync.Reconcile.Reading;

/// <summary>Reads a data reader's rows one at a time, so a row that cannot be read becomes an error of that row only.</summary>
internal static class RowValues
{
    /// <summary>Reads every row; <paramref name="keyColumn"/> and <paramref name="matchColumn"/> must be readable.</summary>
    /// <param name="reader">Positioned on the result set.</param>
    /// <param name="keyColumn">The row's key.</param>
    /// <param name="matchColumn">The value the row is matched on.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <param name="unreadable">Why a value read cannot stand for the row's (null when it can): a value the driver reads without error but as something else.</param>
    public static async Task<List<LegacyRow>> ReadAllAsync(
        DbDataReader reader, string keyColumn, string matchColumn, CancellationToken cancellationToken, Func<DbDataReader, int, object, string?>? unreadable = null)
    {
        var keyOrdinal = reader.GetOrdinal(keyColumn);
        var matchOrdinal = reader.GetOrdinal(matchColumn);
        // Once per result set rather than per row and column; a root table's key is its match column, read once.
        var names = new string[reader.FieldCount];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = reader.GetName(i);
        }

        var rows = new List<LegacyRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = Normalize(reader.GetValue(keyOrdinal));
            var match = matchOrdinal == keyOrdinal ? key : Normalize(reader.GetValue(matchOrdinal));
            var columns = new Dictionary<string, object?>(names.Length, StringComparer.Ordinal);
            string? error = null;
            for (var i = 0; i < names.Length; i++)
            {
                try
                {
                    var value = reader.IsDBNull(i) ? null : reader.GetValue(i);
                    if (value is not null && unreadable?.Invoke(reader, i, value) is { } why)
                    {
                        error = $"column '{names[i]}' cannot be read: {why}";
                        break;
                    }

                    columns[names[i]] = value;
                }
                catch (Exception ex) when (ex is InvalidCastException or OverflowException or FormatException or ArgumentException)
                {
                    // A value the driver cannot turn into a CLR value (PostgreSQL numeric NaN into decimal, say). A
                    // parse failure's message quotes the text it failed on (.NET 8 on), which may be a secret column's.
                    error = ex is FormatException or ArgumentException
                        ? $"column '{names[i]}' cannot be read: its value is not in its type's format ({ex.GetType().Name}; the value is not shown)"
                        : $"column '{names[i]}' cannot be read: {ex.Message}";
                    break;
                }
            }

            rows.Add(new LegacyRow(key, match, error is null ? columns : null, error));
        }

        return rows;
    }

    /// <summary>Keys as the projection makes ids: whole numbers as <see cref="long"/>.</summary>
    public static object Normalize(object value) => value switch
    {
        DBNull => throw new InvalidOperationException("a key is NULL"),
        _ => ChangeProjector.Normalize(value),
    };
}
