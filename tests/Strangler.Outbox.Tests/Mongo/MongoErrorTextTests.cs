using System.Net;
using System.Reflection;
using MongoDB.Bson;
using MongoDB.Driver;
using MongoDB.Driver.Core.Clusters;
using MongoDB.Driver.Core.Connections;
using MongoDB.Driver.Core.Servers;
using Strangler.Outbox.Mongo;

namespace Strangler.Outbox.Tests.Mongo;

/// <summary>
/// MongoDB's error messages and details, described without the document values they quote. No MongoDB server runs
/// here: the messages are the server's formats (the duplicate key's "E11000 … dup key: { … }", the validation failure's
/// errInfo as https://www.mongodb.com/docs/manual/core/schema-validation/handle-invalid-documents/ shows it), and the
/// exceptions are the driver's own types, built as the driver builds them.
/// </summary>
public sealed class MongoErrorTextTests
{
    private const string Secret = "s3cret";

    public static TheoryData<int, string, string> Messages => new()
    {
        {
            11000, $"E11000 duplicate key error collection: app.customers index: email_1 dup key: {{ email: \"{Secret}@example.com\" }}",
            "E11000 duplicate key error collection: app.customers index: email_1 dup key: [redacted]"
        },
        {
            // Before MongoDB 3.0 (and the value itself holding the words that end the template's fixed part).
            11000, $"E11000 duplicate key error index: app.customers.$email_1 dup key: {{ : \"{Secret} dup key: x\" }}",
            "E11000 duplicate key error index: app.customers.$email_1 dup key: [redacted]"
        },
        {
            11001, $"E11001 duplicate key on update index: app.customers.$email_1 dup key: {{ : \"{Secret}\" }}",
            "E11001 duplicate key on update index: app.customers.$email_1 dup key: [redacted]"
        },
        { 121, "Document failed validation", "Document failed validation" },
        // Other messages quote a document, an element or a string where the data begins: cut there.
        { 28, $"Cannot create field 'city' in element {{address: \"{Secret}\"}}", "Cannot create field 'city' in element [redacted]" },
        {
            14, $"Cannot apply $inc to a value of non-numeric type. {{_id: \"{Secret}\"}} has the field 'visits' of non-numeric type string",
            "Cannot apply $inc to a value of non-numeric type. [redacted]"
        },
        { 2, $"Cannot apply array updates to non-array element tags: \"{Secret}\"", "Cannot apply array updates to non-array element tags: [redacted]" },
        {
            10334, $"BSONObj size: 17000000 (0x1036640) is invalid. Size must be between 0 and 16793600(16MB) First element: _id: \"{Secret}\"",
            "BSONObj size: 17000000 (0x1036640) is invalid. Size must be between 0 and 16793600(16MB) First element: [redacted]"
        },
        // A value may hold anything, the chain's separator too: everything from the first value on goes.
        {
            66, $"Plan executor error during findAndModify :: caused by :: After applying the update, the (immutable) field '_id' was found to have been altered to _id: \"{Secret} :: caused by :: {Secret}\"",
            "Plan executor error during findAndModify :: caused by :: After applying the update, the (immutable) field '_id' was found to have been altered to _id: [redacted]"
        },
        {
            66, "After applying the update, the (immutable) field '_id' was found to have been altered to _id: ObjectId('5e25de0d86801011ba32c80a')",
            "After applying the update, the (immutable) field '_id' was found to have been altered to _id: [redacted]"
        },
        { 2, "Cannot apply array updates to non-array element done: true", "Cannot apply array updates to non-array element done: [redacted]" },
        { 2, "Cannot apply array updates to non-array element at: new Date(1700000000000)", "Cannot apply array updates to non-array element at: [redacted]" },
        // About the server's state, never data: whole.
        {
            112, "WriteConflict error: this operation conflicted with another operation. Please retry your operation or multi-document transaction.",
            "WriteConflict error: this operation conflicted with another operation. Please retry your operation or multi-document transaction."
        },
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void Redact_TakesTheQuotedDataOut_AndKeepsTheNames(int code, string message, string expected)
    {
        Assert.Equal(expected, MongoErrorText.Redact(code, message));
    }

    /// <summary>
    /// Messages MongoDB servers sent, copied from public reports (each with where it was found). A message of a code
    /// not known to be free of data used to be cut at its first ": ", which dropped the cause of a chained error and the
    /// name after a label.
    /// </summary>
    public static TheoryData<int, string, string> ServerMessages => new()
    {
        // Kept whole: labels and causes followed by names, never by values.
        {
            // github.com/Automattic/mongoose/issues/12461 (MongoDB 5.0.12)
            66, "Plan executor error during findAndModify :: caused by :: Performing an update on the path '_id' would modify the immutable field '_id'",
            "Plan executor error during findAndModify :: caused by :: Performing an update on the path '_id' would modify the immutable field '_id'"
        },
        {
            // github.com/sogebot/sogeBot/issues/2924 (the report shows no code: 175, QueryPlanKilled, stands for any not
            // known to be free of data)
            175, "Executor error during find command :: caused by :: all indexes on collection dropped",
            "Executor error during find command :: caused by :: all indexes on collection dropped"
        },
        // github.com/mongodb-js/mongodb-core/issues/172
        { 73, "Invalid collection name: develop.$cmd", "Invalid collection name: develop.$cmd" },
        // github.com/FrontendMasters/api-design-node/issues/11 (code 9 in the reply)
        { 9, "Unknown modifier: $pushAll", "Unknown modifier: $pushAll" },
        {
            // github.com/discussjs/discuss/issues/19
            2, "unknown top level operator: $gt. If you have a field name that starts with a '$' symbol, consider using $getField or $setField.",
            "unknown top level operator: $gt. If you have a field name that starts with a '$' symbol, consider using $getField or $setField."
        },
        {
            // github.com/YuriGor/mongoose-slug-updater/issues/7
            40, "Updating the path 'other_image_ids.0.name' would create a conflict at 'other_image_ids'",
            "Updating the path 'other_image_ids.0.name' would create a conflict at 'other_image_ids'"
        },
        // Cut where the value begins.
        {
            // github.com/kleydon/prisma-session-store/issues/83 (code=66 in the driver's WriteError)
            66, "After applying the update, the (immutable) field '_id' was found to have been altered to _id: 2",
            "After applying the update, the (immutable) field '_id' was found to have been altered to _id: [redacted]"
        },
        {
            // github.com/huridocs/uwazi/issues/3306
            2, "Cannot apply array updates to non-array element description: {}",
            "Cannot apply array updates to non-array element description: [redacted]"
        },
        {
            // github.com/mrvautin/adminMongo/issues/274 (code 13, Unauthorized)
            13, "not authorized on titi to execute command { insert: \"test\", ordered: true, $db: \"titi\" }",
            "not authorized on titi to execute command [redacted]"
        },
        {
            // github.com/adrianhajdin/threads/issues/99: a duplicate key as the cause of a findAndModify
            11000, "Plan executor error during findAndModify :: caused by :: E11000 duplicate key error collection: test.users index: userName_1 dup key: { userName: null }",
            "Plan executor error during findAndModify :: caused by :: E11000 duplicate key error collection: test.users index: userName_1 dup key: [redacted]"
        },
        {
            // errorcanon.top/errors/database/mongodb-document-too-large (its signature, the value elided there)
            10334, "BSONObj size: 17825792 (0x1100000) is invalid. Size must be between 0 and 16793600(16MB) First element: _id: ObjectId('...')",
            "BSONObj size: 17825792 (0x1100000) is invalid. Size must be between 0 and 16793600(16MB) First element: [redacted]"
        },
    };

    [Theory]
    [MemberData(nameof(ServerMessages))]
    public void Redact_RealServerMessages_KeepsTheHarmlessText_AndCutsWhereAValueBegins(int code, string message, string expected)
    {
        Assert.Equal(expected, MongoErrorText.Redact(code, message));
    }

    [Fact]
    public void Describe_ADuplicateKey_NamesTheKeysFieldsFromItsPattern_NotItsValue()
    {
        var details = new BsonDocument
        {
            ["keyPattern"] = new BsonDocument { ["tenant"] = 1, ["email"] = 1 },
            ["keyValue"] = new BsonDocument { ["tenant"] = 7, ["email"] = $"{Secret}@example.com" },
        };

        var text = MongoErrorText.Describe(11000, "DuplicateKey",
            $"E11000 duplicate key error collection: app.customers index: tenant_1_email_1 dup key: {{ tenant: 7, email: \"{Secret}@example.com\" }}", details);

        Assert.Equal("MongoDB error 11000 (DuplicateKey): E11000 duplicate key error collection: app.customers index: tenant_1_email_1 "
            + "dup key: [redacted] (fields: tenant, email)", text);
    }

    [Fact]
    public void Describe_AValidationFailure_NamesTheFailingFields_NotTheirValuesNorTheDocumentsId()
    {
        // The shapes of MongoDB's errInfo: a property of the wrong type (with the value it held), a required one missing.
        var details = BsonDocument.Parse($$"""
            {
              failingDocumentId: "{{Secret}}-id",
              details: {
                operatorName: "$jsonSchema",
                title: "Customer Object Validation",
                schemaRulesNotSatisfied: [
                  { operatorName: "properties", propertiesNotSatisfied: [
                    { propertyName: "email", description: "must be a string",
                      details: [ { operatorName: "bsonType", specifiedAs: { bsonType: "string" }, reason: "type did not match",
                                   consideredValue: { nested: "{{Secret}}" }, consideredType: "object" } ] } ] },
                  { operatorName: "required", specifiedAs: { required: [ "phone" ] }, missingProperties: [ "phone" ] }
                ]
              }
            }
            """);

        var text = MongoErrorText.Describe(121, "DocumentValidationFailure", "Document failed validation", details);

        Assert.Equal("MongoDB error 121 (DocumentValidationFailure): Document failed validation (fields: email, phone)", text);
    }

    [Fact]
    public void Describe_TheDriversWriteException_LeavesOutWhatItsMessageCarries()
    {
        var details = BsonDocument.Parse($"{{ failingDocumentId: 1, details: {{ operatorName: \"$jsonSchema\", schemaRulesNotSatisfied: [ "
            + $"{{ operatorName: \"properties\", propertiesNotSatisfied: [ {{ propertyName: \"name\", details: [ {{ consideredValue: \"{Secret}\" }} ] }} ] }} ] }} }}");
        var exception = new MongoWriteException(Connection(), WriteError(ServerErrorCategory.Uncategorized, 121, "Document failed validation", details), null, null);

        var text = MongoErrorText.Describe(exception);

        // The driver's message holds the details whole: the reason for describing at all.
        Assert.Contains(Secret, exception.Message);
        Assert.Equal("MongoDB error 121 (Uncategorized): Document failed validation (fields: name)", text);
    }

    [Fact]
    public void Describe_TheDriversCommandException_UsesItsCodeNameAndRedactsItsMessage()
    {
        var errmsg = $"Cannot create field 'city' in element {{address: \"{Secret}\"}}";
        var result = new BsonDocument { ["ok"] = 0, ["errmsg"] = errmsg, ["code"] = 28, ["codeName"] = "PathNotViable" };
        var exception = new MongoCommandException(Connection(), $"Command update failed: {errmsg}.", new BsonDocument("update", "customers"), result);

        var text = MongoErrorText.Describe(exception);

        Assert.Contains(Secret, exception.Message);
        Assert.Equal("MongoDB error 28 (PathNotViable): Cannot create field 'city' in element [redacted]", text);
    }

    private static ConnectionId Connection() => new(new ServerId(new ClusterId(), new DnsEndPoint("db", 27017)));

    // WriteError's constructor is internal: the driver makes it from the server's reply.
    private static WriteError WriteError(ServerErrorCategory category, int code, string message, BsonDocument details) =>
        (WriteError)typeof(WriteError).GetConstructor(BindingFlags.NonPublic | BindingFlags.Instance,
            [typeof(ServerErrorCategory), typeof(int), typeof(string), typeof(BsonDocument)])!
            .Invoke([category, code, message, details]);
}
