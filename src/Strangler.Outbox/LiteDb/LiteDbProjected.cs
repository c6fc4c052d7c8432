using LiteDB;
using Strangler.Outbox.Documents;

namespace Strangler.Outbox.LiteDb;

/// <summary>Reading projected documents from LiteDB: everything but tombstones.</summary>
public static class LiteDbProjected
{
    /// <summary>
    /// Matches documents that are not tombstones, for <c>collection.Find(LiteDbProjected.Live)</c> or
    /// <c>Query().Where(LiteDbProjected.Live)</c>.
    /// </summary>
    public static BsonExpression Live => BsonExpression.Create($"$.{ProjectedDocument.Deleted} != true");

    /// <summary>True when <paramref name="document"/> is a tombstone (a deleted document or item).</summary>
    public static bool IsTombstone(BsonDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return document.TryGetValue(ProjectedDocument.Deleted, out var deleted) && deleted.IsBoolean && deleted.AsBoolean;
    }
}
