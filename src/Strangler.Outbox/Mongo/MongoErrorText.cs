using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Strangler.Outbox.Mongo;

/// <summary>
/// A MongoDB failure as one line for a log, a dead letter's reason or a report: the error's code and code name (or
/// category), its message without the document values it quotes, and the names it gives (collection, index, failing
/// fields). The driver's own exception messages carry the write error's message and its details whole: a duplicate key's
/// <c>dup key: { email: "…" }</c> and <c>keyValue</c>, a validation failure's <c>failingDocumentId</c> and every
/// <c>consideredValue</c>.
/// </summary>
/// <remarks>
/// Formats as MongoDB documents them: "E11000 duplicate key error collection: &lt;db.coll&gt; index: &lt;name&gt; dup key: { … }"
/// with details <c>{ keyPattern, keyValue }</c>; code 121 "Document failed validation" with details (errInfo)
/// <c>{ failingDocumentId, details: { operatorName, schemaRulesNotSatisfied: [ { operatorName, propertiesNotSatisfied:
/// [ { propertyName, details: [ { …, consideredValue } ] } ] | missingProperties: [ … ] } ] } }</c>
/// (https://www.mongodb.com/docs/manual/core/schema-validation/handle-invalid-documents/). Other server messages quote a
/// document, an array, a string or an element the same way (<c>Cannot create field 'x' in element {a: …}</c>,
/// <c>… altered to _id: 2</c>), so their text is cut where one could begin, unless the code is one whose message quotes
/// no data. A <c>": "</c> followed by words is kept: it ends a label (<c>Invalid collection name: app.$cmd</c>,
/// <c>Unknown modifier: $pushAll</c>) or chains a cause (<c>… :: caused by :: …</c>); one followed by what starts a
/// value (a digit, a quote, <c>ObjectId(</c>, <c>true</c>, …) is cut.
/// </remarks>
internal static partial class MongoErrorText
{
    /// <summary>What stands in for a value taken out of a message.</summary>
    public const string Redacted = "[redacted]";

    private const int DocumentValidationFailure = 121;

    // E11000 and its variants: DuplicateKey, the 2.x update form, the old "dup key on update" of a capped collection.
    private static readonly HashSet<int> DuplicateKeyCodes = [11000, 11001, 12582];

    // Codes whose messages speak of the server's state, never of data: shown whole.
    private static readonly HashSet<int> DataFreeCodes =
        [6, 7, 50, 64, 89, 91, 112, 189, 251, 262, 9001, 10107, 11600, 11602, 13435, 13436];

    // Codes whose message states sizes and limits before a known phrase, and data only after it: cut there.
    private static readonly Dictionary<int, string> ValuesFrom = new()
    {
        [10334] = "First element:", // BSONObjectTooLarge: "BSONObj size: N (0x…) is invalid. Size must be … First element: _id: …"
    };

    private static readonly System.Buffers.SearchValues<char> WordCharacters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");

    /// <summary>
    /// Describes <paramref name="exception"/>: a server's write, bulk-write or command error by its own fields, any
    /// other exception (a connection, a time-out, authentication; none quotes a document) by its message.
    /// </summary>
    public static string Describe(Exception exception) => exception switch
    {
        MongoWriteException write => Join(
            write.WriteError is { } error ? Describe(error.Code, error.Category.ToString(), error.Message, error.Details) : null,
            write.WriteConcernError),
        MongoBulkWriteException bulk => Join(
            string.Join("; ", bulk.WriteErrors.Select(e =>
                $"write {e.Index.ToString(CultureInfo.InvariantCulture)}: {Describe(e.Code, e.Category.ToString(), e.Message, e.Details)}")),
            bulk.WriteConcernError),
        MongoCommandException command => Describe(command.Code, command.CodeName, command.ErrorMessage, details: null),
        _ => exception.Message,
    };

    /// <summary>"MongoDB error N (name): message (names)", the values taken out of the message and the details.</summary>
    public static string Describe(int code, string? name, string? message, BsonDocument? details)
    {
        var text = new StringBuilder("MongoDB error ").Append(code.ToString(CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(name))
        {
            text.Append(" (").Append(name).Append(')');
        }

        text.Append(": ").Append(Redact(code, message ?? ""));
        var fields = DuplicateKeyCodes.Contains(code) ? KeyFields(details) : code == DocumentValidationFailure ? FailingFields(details) : [];
        return fields.Count == 0 ? text.ToString() : text.Append(" (fields: ").AppendJoin(", ", fields).Append(')').ToString();
    }

    /// <summary><paramref name="message"/> without the data it may quote.</summary>
    public static string Redact(int code, string message)
    {
        if (DataFreeCodes.Contains(code))
        {
            return message;
        }

        if (DuplicateKeyCodes.Contains(code) && DupKey().Match(message) is { Success: true } duplicate)
        {
            // Everything after "dup key:" is the key's value (and, when the index has one, its collation).
            return duplicate.Groups["before"].Value + Redacted;
        }

        if (ValuesFrom.TryGetValue(code, out var marker) && message.IndexOf(marker, StringComparison.Ordinal) is >= 0 and var from)
        {
            return message[..(from + marker.Length)] + " " + Redacted;
        }

        // A document, an array or a quoted string may begin at any of these; so may an element's value after "name: ".
        // Everything from the first one on goes, causes chained after it included: a value may hold any text.
        var cut = message.AsSpan().IndexOfAny('{', '[', '"');
        for (var colon = message.IndexOf(": ", StringComparison.Ordinal); colon >= 0 && (cut < 0 || colon < cut);
             colon = message.IndexOf(": ", colon + 2, StringComparison.Ordinal))
        {
            if (StartsAValue(message.AsSpan(colon + 2)))
            {
                cut = colon + 1;
                break;
            }
        }

        return cut < 0 ? message : message[..cut].TrimEnd() + " " + Redacted;
    }

    // How the server writes an element's value (BSONElement::toString): a number, a quoted string, a document, an
    // array, a regex, a constructor (ObjectId('…'), new Date(…), BinData(…), Timestamp(…), UUID("…")) or a literal.
    private static bool StartsAValue(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return false;
        }

        if (char.IsAsciiDigit(text[0]) || "-+.\"'{[/(".Contains(text[0]))
        {
            return true;
        }

        var word = text[..(text.IndexOfAnyExcept(WordCharacters) is var end and >= 0 ? end : text.Length)];
        var next = word.Length < text.Length ? text[word.Length] : '\0';
        return next == '('
            || (word is "new" && next == ' ')
            || (word is "true" or "false" or "null" or "undefined" or "MinKey" or "MaxKey" or "NaN" or "nan" or "inf" or "Infinity");
    }

    // keyPattern names the index's fields ({ email: 1 }); keyValue, beside it, holds the values and is never read.
    private static List<string> KeyFields(BsonDocument? details) =>
        details is not null && details.TryGetValue("keyPattern", out var pattern) && pattern is BsonDocument fields ? fields.Names.ToList() : [];

    /// <summary>The property names a validation failure's details name: those not satisfied, and those missing.</summary>
    private static List<string> FailingFields(BsonDocument? details)
    {
        var names = new List<string>();
        if (details is not null)
        {
            Collect(details, names);
        }

        return names.Distinct(StringComparer.Ordinal).ToList();
    }

    private static void Collect(BsonValue value, List<string> names)
    {
        if (value is BsonArray array)
        {
            foreach (var item in array)
            {
                Collect(item, names);
            }

            return;
        }

        if (value is not BsonDocument document)
        {
            return;
        }

        foreach (var element in document)
        {
            switch (element.Name)
            {
                case "propertyName" when element.Value.IsString:
                    names.Add(element.Value.AsString);
                    break;
                case "missingProperties" or "additionalProperties" when element.Value is BsonArray listed:
                    names.AddRange(listed.Where(n => n.IsString).Select(n => n.AsString));
                    break;
                // The values the document held, and the id of the document: never read.
                case "consideredValue" or "consideredValues" or "failingDocumentId" or "specifiedAs":
                    break;
                default:
                    Collect(element.Value, names);
                    break;
            }
        }
    }

    private static string Join(string? error, WriteConcernError? concern)
    {
        var concernText = concern is null ? null : "write concern " + Describe(concern.Code, concern.CodeName, concern.Message, details: null);
        return error is null ? concernText ?? "MongoDB write error" : concernText is null ? error : $"{error}; {concernText}";
    }

    [GeneratedRegex(@"^(?<before>.*? dup key: ?)", RegexOptions.Singleline)]
    private static partial Regex DupKey();
}
