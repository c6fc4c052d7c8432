using LiteDB;
using Strangler.Outbox.Documents;

namespace Strangler.Outbox.LiteDb;

/// <summary>Reading projected documents from LiteDB: everything but tombstones and stubs.</summary>
public static class LiteDbProjected
{
    /// <summary>
    /// Matches documents that are neither tombstones nor stubs (created by a child row whose root row has not been
    /// projected yet), for <c>collection.Find(LiteDbProjected.Live)</c> or <c>Query().Where(LiteDbProjected.Live)</c>.
    /// </summary>
    public static BsonExpression Live =>
        BsonExpression.Create($"$.{ProjectedDocument.Deleted} != true AND $.{ProjectedDocument.Stub} != true");

    /// <summary>True when <paramref name="document"/> is live: neither a tombstone nor a stub (see <see cref="Live"/>).</summary>
    public static bool IsLive(BsonDocument document) => !IsTombstone(document) && !IsTrue(document, ProjectedDocument.Stub);

    /// <summary>True when <paramref name="document"/> is a tombstone (a deleted document or item).</summary>
    public static bool IsTombstone(BsonDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return IsTrue(document, ProjectedDocument.Deleted);
    }

    private static bool IsTrue(BsonDocument document, string field) =>
        document.TryGetValue(field, out var value) && value.IsBoolean && value.AsBoolean;
}
