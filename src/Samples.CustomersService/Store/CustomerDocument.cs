using LiteDB;
using Strangler.Outbox.Documents;

namespace Samples.CustomersService.Store;

/// <summary>
/// A customer document in the <c>customers</c> collection, in the shape the sync projection writes: the legacy
/// column names (<c>Name</c>, <c>Email</c>, <c>CreatedAt</c>), addresses embedded as <c>Addresses</c>, plus the
/// projection's reserved fields (<c>_pos</c>, <c>_deleted</c>).
/// </summary>
internal sealed class CustomerDocument
{
    /// <summary>The customer key; the same value as the legacy <c>Customers.Id</c>.</summary>
    [BsonId(autoId: false)]
    public long Id { get; set; }

    public string Name { get; set; } = "";

    public string Email { get; set; } = "";

    /// <summary>Stored as UTC; LiteDB hands DateTime values back in local time, so readers convert.</summary>
    public DateTime CreatedAt { get; set; }

    public List<AddressDocument> Addresses { get; set; } = [];

    /// <summary>The source position of the last legacy change projected here; kept by the service's own writes.</summary>
    [BsonField(ProjectedDocument.Position)]
    public string? Position { get; set; }

    /// <summary>A tombstone: the customer was deleted, here or in the legacy database. Never shown.</summary>
    [BsonField(ProjectedDocument.Deleted)]
    public bool Deleted { get; set; }

    /// <summary>Created by an address row whose customer row has not been projected yet: no customer. Never shown.</summary>
    [BsonField(ProjectedDocument.Stub)]
    public bool Stub { get; set; }
}
