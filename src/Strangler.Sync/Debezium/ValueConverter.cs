using System.Globalization;
using System.Numerics;
using System.Text.Json;

namespace Strangler.Sync.Debezium;

/// <summary>
/// Turns JSON column values into CLR values: by the Connect schema (and Debezium's semantic type names) when the
/// message has one, by the JSON shape otherwise.
/// </summary>
internal static class ValueConverter
{
    private static readonly DateOnly Epoch = new(1970, 1, 1);

    /// <summary>
    /// The widest scale a database gives a decimal (PostgreSQL's NUMERIC: -1000..1000; Oracle's NUMBER: -84..127).
    /// A message claiming more is malformed, and would otherwise make the decoder build a number of that many digits.
    /// </summary>
    private const int MaxScale = 1000;

    /// <summary>Converts a struct (row) value to a column dictionary.</summary>
    public static Dictionary<string, object?> Row(JsonElement row, FieldSchema? schema, string path)
    {
        if (row.ValueKind != JsonValueKind.Object)
        {
            throw new DebeziumFormatException(path, $"expected a row object but found {Shape(row)}");
        }

        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (schema is null)
        {
            foreach (var property in row.EnumerateObject())
            {
                result[property.Name] = Untyped(property.Value);
            }

            return result;
        }

        foreach (var property in row.EnumerateObject())
        {
            if (schema.FieldNamed(property.Name) is null)
            {
                throw new DebeziumFormatException($"{path}.{property.Name}", "is not declared in the schema");
            }
        }

        foreach (var field in schema.Fields)
        {
            var fieldPath = $"{path}.{field.Field}";
            result[field.Field!] = row.TryGetProperty(field.Field!, out var value)
                ? Typed(value, field, fieldPath)
                : field.Optional ? null : throw new DebeziumFormatException(fieldPath, "is required by the schema but missing");
        }

        return result;
    }

    /// <summary>Converts one value according to its schema.</summary>
    public static object? Typed(JsonElement value, FieldSchema schema, string path)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return schema.Optional ? null : throw new DebeziumFormatException(path, "is null but the schema says it is not optional");
        }

        try
        {
            return schema.Name switch
            {
                "io.debezium.time.Date" or "org.apache.kafka.connect.data.Date" => Epoch.AddDays(checked((int)Integer(value, path))),
                "io.debezium.time.Time" => TimeOnly.FromTimeSpan(TimeSpan.FromTicks(Integer(value, path) * TimeSpan.TicksPerMillisecond)),
                "org.apache.kafka.connect.data.Time" => TimeOnly.FromTimeSpan(TimeSpan.FromTicks(Integer(value, path) * TimeSpan.TicksPerMillisecond)),
                "io.debezium.time.MicroTime" => TimeOnly.FromTimeSpan(TimeSpan.FromTicks(checked(Integer(value, path) * 10))),
                "io.debezium.time.NanoTime" => TimeOnly.FromTimeSpan(TimeSpan.FromTicks(Integer(value, path) / 100)),
                "io.debezium.time.Timestamp" or "org.apache.kafka.connect.data.Timestamp" => FromUnixTicks(checked(Finite(value, schema, path) * TimeSpan.TicksPerMillisecond)),
                "io.debezium.time.MicroTimestamp" => FromUnixTicks(checked(Finite(value, schema, path) * 10)),
                "io.debezium.time.NanoTimestamp" => FromUnixTicks(Finite(value, schema, path) / 100),
                "io.debezium.time.ZonedTimestamp" => DateTimeOffset.Parse(FiniteText(value, schema, path), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
                "org.apache.kafka.connect.data.Decimal" => Decimal(value, schema, path),
                "io.debezium.data.VariableScaleDecimal" => VariableScaleDecimal(value, path),
                _ => ByType(value, schema, path),
            };
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentOutOfRangeException)
        {
            // Not the parser's message either: DateTimeOffset.Parse's quotes the text it was given.
            throw new DebeziumFormatException(path, $"{Shape(value)} is not a valid {schema.Name ?? schema.Type}");
        }
    }

    /// <summary>
    /// Best effort without a schema: integers as long, other numbers as double, objects as dictionaries, except
    /// <c>{"scale": n, "value": "&lt;base64&gt;"}</c>: that is Debezium's VariableScaleDecimal (an Oracle NUMBER or a
    /// PostgreSQL NUMERIC without fixed scale, SeaTunnel's Oracle data), and no other column type writes that object.
    /// </summary>
    public static object? Untyped(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object when UnscaledWithScale(value) is { } number => number,
        JsonValueKind.Null => null,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.TryGetInt64(out var l) ? l : (object)value.GetDouble(),
        JsonValueKind.Array => value.EnumerateArray().Select(Untyped).ToList(),
        JsonValueKind.Object => value.EnumerateObject().ToDictionary(p => p.Name, p => Untyped(p.Value), StringComparer.Ordinal),
        _ => null,
    };

    private static object? ByType(JsonElement value, FieldSchema schema, string path) => schema.Type switch
    {
        "int8" or "int16" or "int32" or "int64" => Integer(value, path),
        "float" or "double" or "float32" or "float64" => value.ValueKind == JsonValueKind.Number
            ? value.GetDouble()
            : throw Expected("a number", value, path),
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? value.GetBoolean()
            : throw Expected("a boolean", value, path),
        "string" => Text(value, path),
        "bytes" => Convert.FromBase64String(Text(value, path)),
        "struct" => Row(value, schema, path),
        "array" => value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Select((item, i) => schema.Items is null ? Untyped(item) : Typed(item, schema.Items, $"{path}[{i}]")).ToList()
            : throw Expected("an array", value, path),
        "map" => value.ValueKind == JsonValueKind.Object
            ? value.EnumerateObject().ToDictionary(p => p.Name, p => Untyped(p.Value), StringComparer.Ordinal)
            : throw Expected("an object", value, path),
        _ => throw new DebeziumFormatException(path, $"unsupported type '{schema.Type}'"),
    };

    private static long Integer(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)
            ? number
            : throw Expected("an integer", value, path);

    private static string Text(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Expected("a string", value, path);

    private static DateTime FromUnixTicks(long ticks) => new(checked(DateTime.UnixEpoch.Ticks + ticks), DateTimeKind.Utc);

    /// <summary>
    /// A timestamp's count, refusing PostgreSQL's infinity: Debezium sends <c>infinity</c> and <c>-infinity</c> as the
    /// largest and smallest int64, which, multiplied into ticks unchecked, wrapped round to a date in 1969 and was
    /// stored as if the monolith held it. No document date can hold infinity, so the change is dead-lettered naming it.
    /// </summary>
    private static long Finite(JsonElement value, FieldSchema schema, string path)
    {
        var count = Integer(value, path);
        return count is long.MaxValue or long.MinValue
            ? throw Infinite(count == long.MaxValue ? "infinity" : "-infinity", schema, path)
            : count;
    }

    private static string FiniteText(JsonElement value, FieldSchema schema, string path)
    {
        var text = Text(value, path);
        return text.Trim().ToLowerInvariant() is "infinity" or "+infinity" or "-infinity"
            ? throw Infinite(text.Trim().ToLowerInvariant().TrimStart('+'), schema, path)
            : text;
    }

    private static DebeziumFormatException Infinite(string which, FieldSchema schema, string path) =>
        new(path, $"is {which} (PostgreSQL's special {schema.Name} value), which no document date can hold");

    /// <summary>
    /// Connect's Decimal: big-endian two's-complement unscaled bytes (base64) with the schema's scale, or — with the
    /// JsonConverter's <c>decimal.format=NUMERIC</c> — a plain JSON number.
    /// </summary>
    private static object Decimal(JsonElement value, FieldSchema schema, string path)
    {
        if (value.ValueKind == JsonValueKind.Number)
        {
            return DecimalText.Exact(value.GetRawText());
        }

        if (!schema.Parameters.TryGetValue("scale", out var scaleText) || !int.TryParse(scaleText, CultureInfo.InvariantCulture, out var scale))
        {
            throw new DebeziumFormatException(path, "Decimal schema has no integer 'scale' parameter");
        }

        if (scale is < -MaxScale or > MaxScale)
        {
            throw new DebeziumFormatException(path, $"Decimal schema's scale {scale} is outside -{MaxScale}..{MaxScale}");
        }

        return Scaled(new BigInteger(Convert.FromBase64String(Text(value, path)), isUnsigned: false, isBigEndian: true), scale);
    }

    private static object VariableScaleDecimal(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty("scale", out var scale) || !value.TryGetProperty("value", out var unscaled))
        {
            throw Expected("an object with 'scale' and 'value'", value, path);
        }

        var bytes = Convert.FromBase64String(Text(unscaled, path + ".value"));
        var digits = Integer(scale, path + ".scale");
        return digits is >= -MaxScale and <= MaxScale
            ? Scaled(new BigInteger(bytes, isUnsigned: false, isBigEndian: true), (int)digits)
            : throw new DebeziumFormatException(path + ".scale", $"is outside -{MaxScale}..{MaxScale}");
    }

    private static object? UnscaledWithScale(JsonElement value)
    {
        if (value.EnumerateObject().Count() != 2
            || !value.TryGetProperty("scale", out var scale) || scale.ValueKind != JsonValueKind.Number || !scale.TryGetInt32(out var digits)
            || digits is < -MaxScale or > MaxScale
            || !value.TryGetProperty("value", out var unscaled) || unscaled.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var text = unscaled.GetString()!;
        var bytes = new byte[text.Length];
        return text.Length > 0 && Convert.TryFromBase64String(text, bytes, out var written)
            ? Scaled(new BigInteger(bytes.AsSpan(0, written), isUnsigned: false, isBigEndian: true), digits)
            : null;
    }

    /// <summary>unscaled × 10^-scale, exactly, by placing the decimal point in the digits.</summary>
    private static object Scaled(BigInteger unscaled, int scale)
    {
        if (scale < 0)
        {
            // A negative scale (Oracle NUMBER(p,-s)) multiplies: 12 scale -2 is 1200.
            return DecimalText.Exact((unscaled * BigInteger.Pow(10, -scale)).ToString(CultureInfo.InvariantCulture));
        }

        var digits = BigInteger.Abs(unscaled).ToString(CultureInfo.InvariantCulture).PadLeft(scale + 1, '0');
        var text = scale == 0 ? digits : digits[..^scale] + "." + digits[^scale..];
        return DecimalText.Exact((unscaled.Sign < 0 ? "-" : string.Empty) + text);
    }

    private static DebeziumFormatException Expected(string what, JsonElement value, string path) =>
        new(path, $"expected {what} but found {Shape(value)}");

    /// <summary>
    /// A column value's kind, never its content: the error becomes a dead letter's reason and a log line, and the column
    /// may hold a secret. The message itself is kept in the dead letter, where the value can still be read.
    /// </summary>
    private static string Shape(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"a string of {value.GetString()!.Length} characters",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => FieldSchema.Describe(value),
    };
}
