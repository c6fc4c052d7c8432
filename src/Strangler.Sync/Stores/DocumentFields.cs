namespace Strangler.Sync.Stores;

/// <summary>
/// Reserved field names in projected documents. Readers (the new service) must ignore documents and items whose
/// <see cref="Deleted"/> is true: they are tombstones kept so that a replayed older change cannot bring them back.
/// </summary>
public static class DocumentFields
{
    /// <summary>The document id (the root row's key).</summary>
    public const string Id = "_id";

    /// <summary>The source position of the last change applied to the document or item.</summary>
    public const string Position = "_pos";

    /// <summary>True on a tombstone document or item.</summary>
    public const string Deleted = "_deleted";

    /// <summary>The child row's key on an embedded item.</summary>
    public const string ItemKey = "_key";
}
