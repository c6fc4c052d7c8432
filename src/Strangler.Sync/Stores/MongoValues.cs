using System.Globalization;
using MongoDB.Bson;

namespace Strangler.Sync.Stores;

/// <summary>CLR values (as decoded from Debezium) to MongoDB BSON and back.</summary>
internal static class MongoValues
{
    public static BsonValue ToBson(object? value) => value switch
    {
        null => BsonNull.Value,
        string s => new BsonString(s),
        bool b => BsonBoolean.Create(b),
        int i => new BsonInt32(i),
        long l => new BsonInt64(l),
        double d => new BsonDouble(d),
        decimal m => new BsonDecimal128(m),
        byte[] bytes => new BsonBinaryData(bytes),
        Guid g => new BsonBinaryData(g, GuidRepresentation.Standard),
        DateTime dt => new BsonDateTime(dt.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(dt, DateTimeKind.Utc) : dt),
        DateOnly date => new BsonDateTime(date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)),
        DateTimeOffset dto => new BsonDateTime(dto.UtcDateTime),
        TimeOnly time => new BsonString(time.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture)),
        IReadOnlyDictionary<string, object?> map => ToDocument(map),
        IEnumerable<object?> list => new BsonArray(list.Select(ToBson)),
        _ => new BsonString(Convert.ToString(value, CultureInfo.InvariantCulture)),
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

    public static IReadOnlyDictionary<string, object?> FromDocument(BsonDocument document) =>
        document.Elements.ToDictionary(e => e.Name, e => FromBson(e.Value), StringComparer.Ordinal);

    internal static object? FromBson(BsonValue value) => value.BsonType switch
    {
        BsonType.Null => null,
        BsonType.Int32 => (long)value.AsInt32,
        BsonType.Int64 => value.AsInt64,
        BsonType.Double => value.AsDouble,
        BsonType.Decimal128 => value.AsDecimal,
        BsonType.String => value.AsString,
        BsonType.Boolean => value.AsBoolean,
        BsonType.Binary => value.AsByteArray,
        BsonType.DateTime => value.ToUniversalTime(),
        BsonType.Array => value.AsBsonArray.Select(FromBson).ToList(),
        BsonType.Document => FromDocument(value.AsBsonDocument),
        _ => value.ToString(),
    };
}
