using System.Globalization;

namespace Strangler.Sync.Projection;

/// <summary>Applies a declared <see cref="ColumnMapping.Type"/> to a decoded column value.</summary>
internal static class ColumnConverter
{
    private static readonly DateOnly Epoch = new(1970, 1, 1);

    /// <param name="value">The decoded value.</param>
    /// <param name="column">The source column.</param>
    /// <param name="mapping">Its mapping: the declared conversion (none keeps the value), and whether it is secret.</param>
    /// <param name="table">The source table, as an error names it.</param>
    // Runs for every mapped column of every row: the column's name and secrecy are worked out only for an error.
    public static object? Convert(object? value, string column, ColumnMapping mapping, string table)
    {
        var type = mapping.Type;
        if (value is null || type is null)
        {
            return value;
        }

        try
        {
            return type switch
            {
                "string" => value switch
                {
                    string s => s,
                    byte[] b => System.Convert.ToBase64String(b),
                    IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                    _ => value.ToString(),
                },
                "long" => value is string s ? long.Parse(s, CultureInfo.InvariantCulture) : System.Convert.ToInt64(value, CultureInfo.InvariantCulture),
                "double" => value is string s ? double.Parse(s, CultureInfo.InvariantCulture) : System.Convert.ToDouble(value, CultureInfo.InvariantCulture),
                "decimal" => value is string s ? decimal.Parse(s, NumberStyles.Number, CultureInfo.InvariantCulture) : System.Convert.ToDecimal(value, CultureInfo.InvariantCulture),
                "bool" => value switch
                {
                    bool b => b,
                    long l => l != 0,
                    string s => bool.Parse(s),
                    _ => throw new FormatException("not a boolean"),
                },
                "date" => value switch
                {
                    DateOnly d => d,
                    DateTime dt => DateOnly.FromDateTime(dt),
                    string s => DateOnly.Parse(s, CultureInfo.InvariantCulture),
                    long days => Epoch.AddDays(checked((int)days)),
                    _ => throw new FormatException("not a date"),
                },
                "datetime" => value switch
                {
                    DateTime dt => dt,
                    DateTimeOffset dto => dto.UtcDateTime,
                    // A legacy DATE (Debezium's io.debezium.time.Date, or Npgsql's reading of a date column) stored
                    // where the document wants a date-time, as MongoDB, which has no date-only type, always does.
                    DateOnly d => d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
                    string s => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).UtcDateTime,
                    long ms => DateTime.UnixEpoch.AddMilliseconds(ms),
                    _ => throw new FormatException("not a timestamp"),
                },
                "epoch-days" => Epoch.AddDays(checked((int)System.Convert.ToInt64(value, CultureInfo.InvariantCulture))),
                "epoch-millis" => DateTime.UnixEpoch.AddMilliseconds(System.Convert.ToInt64(value, CultureInfo.InvariantCulture)),
                _ => throw new FormatException($"unknown type '{type}'"),
            };
        }
        catch (Exception ex) when (ex is FormatException or InvalidCastException or OverflowException or ArgumentOutOfRangeException)
        {
            // The parser's own message may quote the value too, so a secret's error keeps only the type.
            throw new ProjectionException((SecretColumns.Covers(column, mapping)
                ? $"{table}.{column}: cannot convert {value.GetType().Name} {SecretColumns.Redacted} to {type}"
                : $"{table}.{column}: cannot convert {value.GetType().Name} '{Text(value)}' to {type}: {ex.Message}") + EncodedDecimalHint(value, type));
        }
    }

    /// <summary>
    /// Debezium's default for a <c>NUMERIC</c>/<c>DECIMAL</c> column (<c>decimal.handling.mode=precise</c>) is the
    /// unscaled number as base64 bytes, whose scale only the message's schema carries: with the JSON converter's
    /// <c>schemas.enable=false</c> a team saw <c>cannot convert String 'BLA=' to decimal</c> with no word of why.
    /// </summary>
    private static string EncodedDecimalHint(object value, string type) =>
        type is "decimal" or "double" or "long" && value is string { Length: > 0 } s && s.Length % 4 == 0
            && System.Convert.TryFromBase64String(s, new byte[s.Length], out _)
            ? ". It looks like a decimal as Debezium encodes it by default (base64 bytes, decimal.handling.mode=precise) in a " +
              "message without its schema, which alone gives the scale: set the connector's decimal.handling.mode=string " +
              "(or double), or the JSON converter's value.converter.schemas.enable=true"
            : string.Empty;

    // ISO 8601 for dates and times, whatever the culture: "01/02/2020" reads as two different days.
    private static string? Text(object value) => value switch
    {
        DateOnly d => d.ToString("O", CultureInfo.InvariantCulture),
        DateTime dt => dt.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset dto => dto.ToString("O", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
