using System.Globalization;
using LiteDB;

namespace Strangler.Sync.Stores;

/// <summary>CLR values (as decoded from Debezium) to LiteDB BSON and back.</summary>
internal static class LiteDbValues
{
    public static BsonValue ToBson(object? value) => value switch
    {
        null => BsonValue.Null,
        string s => s,
        bool b => b,
        int i => i,
        long l => l,
        double d => d,
        decimal m => m,
        byte[] bytes => bytes,
        Guid g => g,
        DateTime dt => dt,
        // LiteDB has no date-only or offset types: a date is midnight UTC, an offset timestamp its UTC instant.
        DateOnly date => date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
        DateTimeOffset dto => dto.UtcDateTime,
        TimeOnly time => time.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        IReadOnlyDictionary<string, object?> map => ToDocument(map),
        IEnumerable<object?> list => new BsonArray(list.Select(ToBson)),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    public static BsonDocument ToDocument(IReadOnlyDictionary<string, object?> fields)
    {
        var document = new BsonDocument();
        foreach (var (name, value) in fields)
        {
            document[name] = ToBson(value);
        }

        return document;
    }

    public static object? FromBson(BsonValue value) => value.Type switch
    {
        BsonType.Null or BsonType.MinValue or BsonType.MaxValue => null,
        BsonType.Int32 => (long)value.AsInt32,
        BsonType.Int64 => value.AsInt64,
        BsonType.Double => value.AsDouble,
        BsonType.Decimal => value.AsDecimal,
        BsonType.String => value.AsString,
        BsonType.Boolean => value.AsBoolean,
        BsonType.Binary => value.AsBinary,
        BsonType.Guid => value.AsGuid,
        BsonType.DateTime => value.AsDateTime.ToUniversalTime(),
        BsonType.Array => FromArray(value.AsArray),
        BsonType.Document => FromDocument(value.AsDocument),
        _ => value.RawValue,
    };

    // Loops rather than LINQ: the reconciler converts every document of a collection.
    public static IReadOnlyDictionary<string, object?> FromDocument(BsonDocument document)
    {
        var fields = new Dictionary<string, object?>(document.Count, StringComparer.Ordinal);
        foreach (var (name, value) in document)
        {
            fields[name] = FromBson(value);
        }

        return fields;
    }

    private static List<object?> FromArray(BsonArray array)
    {
        var items = new List<object?>(array.Count);
        foreach (var item in array)
        {
            items.Add(FromBson(item));
        }

        return items;
    }
}
