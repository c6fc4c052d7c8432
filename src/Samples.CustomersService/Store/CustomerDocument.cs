using LiteDB;

namespace Samples.CustomersService.Store;

/// <summary>A customer document in the <c>customers</c> collection: the legacy row with its addresses embedded.</summary>
internal sealed class CustomerDocument
{
    /// <summary>The customer key; the same value as the legacy <c>Customers.Id</c>.</summary>
    [BsonId(autoId: true)]
    public long Id { get; set; }

    public string Name { get; set; } = "";

    public string Email { get; set; } = "";

    /// <summary>Stored as UTC; LiteDB hands DateTime values back in local time, so readers convert.</summary>
    public DateTime CreatedAt { get; set; }

    public List<AddressDocument> Addresses { get; set; } = [];
}
