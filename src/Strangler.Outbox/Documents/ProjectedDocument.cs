namespace Strangler.Outbox.Documents;

/// <summary>
/// The reserved fields of documents that the sync worker projects into a service's store: the contract between the
/// projection (which writes them) and the service (which reads them and deletes through <see cref="LiteDb.LiteDbOutbox.Delete"/>
/// or <see cref="Mongo.MongoOutbox.DeleteAsync"/>).
/// <para>
/// A deleted document or embedded item is not removed but kept as a tombstone (<see cref="Deleted"/> true), so that a
/// replayed older change cannot bring it back. The sync worker prunes them past a retention.
/// </para>
/// <para>
/// A child row can be projected before its root row (they come from different topics): the document then exists as a
/// <see cref="Stub"/> holding only the child item until the root row arrives. Readers ignore tombstones and stubs:
/// <see cref="LiteDb.LiteDbProjected.Live"/>, <see cref="Mongo.MongoProjected.Live{T}"/>.
/// </para>
/// </summary>
public static class ProjectedDocument
{
    /// <summary>The document id (the legacy root row's key).</summary>
    public const string Id = "_id";

    /// <summary>The source position of the last legacy change applied to the document or item; a change not after it is ignored.</summary>
    public const string Position = "_pos";

    /// <summary>True on a tombstone document or item.</summary>
    public const string Deleted = "_deleted";

    /// <summary>When the tombstone was written (UTC); the pruner removes tombstones past their retention by it.</summary>
    public const string DeletedAt = "_deletedAt";

    /// <summary>
    /// True on a tombstone the service wrote itself and the legacy database has not confirmed yet. The service cannot
    /// know the position its delete will get in the legacy log (the backfill deletes the row later), so until that
    /// delete comes back through CDC every change of the row is older than it: the projection applies none of them.
    /// </summary>
    public const string DeletedByService = "_deletedByService";

    /// <summary>
    /// True on a document that a child row created before its root row arrived: it holds only embedded items, none of
    /// the root's fields. The projection of the root row removes the flag.
    /// </summary>
    public const string Stub = "_stub";

    /// <summary>The child row's key on an embedded item.</summary>
    public const string ItemKey = "_key";
}
