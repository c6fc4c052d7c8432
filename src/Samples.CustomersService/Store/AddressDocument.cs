using LiteDB;
using Strangler.Outbox.Documents;

namespace Samples.CustomersService.Store;

/// <summary>An address embedded in a <see cref="CustomerDocument"/>, keyed like the legacy <c>Addresses</c> row.</summary>
internal sealed class AddressDocument
{
    /// <summary>The legacy <c>Addresses.Id</c>: the projection matches items by it, the backfill writes rows by it.</summary>
    [BsonField(ProjectedDocument.ItemKey)]
    public long Key { get; set; }

    public string Street { get; set; } = "";

    public string City { get; set; } = "";

    public string Kind { get; set; } = "";

    /// <summary>The source position of the last legacy change to this address.</summary>
    [BsonField(ProjectedDocument.Position)]
    public string? Position { get; set; }

    /// <summary>A tombstone: the address was removed, here or in the legacy database. Never shown.</summary>
    [BsonField(ProjectedDocument.Deleted)]
    public bool Deleted { get; set; }

    /// <summary>When a tombstone was written; kept when the service rewrites the customer, so pruning finds it.</summary>
    [BsonField(ProjectedDocument.DeletedAt)]
    public DateTime? DeletedAt { get; set; }

    /// <summary>A tombstone the service wrote, not yet confirmed by the legacy delete of the row; kept on rewrites.</summary>
    [BsonField(ProjectedDocument.DeletedByService)]
    public bool? DeletedByService { get; set; }
}
