using Strangler.Outbox.Documents;

namespace Strangler.Sync.Stores;

/// <summary>
/// Reserved field names in projected documents (the same as the service side's <see cref="ProjectedDocument"/>).
/// Readers (the new service) must ignore documents and items whose <see cref="Deleted"/> is true: they are tombstones
/// kept so that a replayed older change cannot bring them back. They must also ignore documents whose
/// <see cref="Stub"/> is true: their root row has not been projected yet.
/// </summary>
internal static class DocumentFields
{
    /// <summary>The document id (the root row's key).</summary>
    public const string Id = ProjectedDocument.Id;

    /// <summary>The source position of the last change applied to the document or item.</summary>
    public const string Position = ProjectedDocument.Position;

    /// <summary>True on a tombstone document or item.</summary>
    public const string Deleted = ProjectedDocument.Deleted;

    /// <summary>When the tombstone was written (UTC); tombstones are pruned past their retention by it.</summary>
    public const string DeletedAt = ProjectedDocument.DeletedAt;

    /// <summary>True on a tombstone the service wrote and no legacy delete has confirmed yet: no change applies to it.</summary>
    public const string DeletedByService = ProjectedDocument.DeletedByService;

    /// <summary>True on a document a child row created before its root row arrived; the root's upsert removes it.</summary>
    public const string Stub = ProjectedDocument.Stub;

    /// <summary>The child row's key on an embedded item.</summary>
    public const string ItemKey = ProjectedDocument.ItemKey;
}
