using LiteDB;

namespace Samples.CustomersService.Store;

/// <summary>An address embedded in a <see cref="CustomerDocument"/>, keyed like the legacy <c>Addresses</c> row.</summary>
internal sealed class AddressDocument
{
    /// <summary>The legacy <c>Addresses.Id</c>: the projection matches items by it, the backfill writes rows by it.</summary>
    [BsonField("_key")]
    public long Key { get; set; }

    public string Street { get; set; } = "";

    public string City { get; set; } = "";

    public string Kind { get; set; } = "";

    /// <summary>The source position of the last legacy change to this address.</summary>
    [BsonField("_pos")]
    public string? Position { get; set; }

    /// <summary>A projection tombstone: the address was deleted in the legacy database. Never shown.</summary>
    [BsonField("_deleted")]
    public bool Deleted { get; set; }
}
