namespace Samples.CustomersService.Store;

/// <summary>
/// The domain events the service raises through its outbox (topic <c>customers.events</c>, subject = customer id).
/// Every customer event carries the whole row and every address event the whole address, so the legacy backfill
/// can upsert a row from one event without reading anything else.
/// </summary>
public static class CustomerEvents
{
    /// <summary>A customer was created: <c>{id, name, email, createdAt}</c>.</summary>
    public const string Registered = "CustomerRegistered";

    /// <summary>A customer's name or e-mail changed: <c>{id, name, email, createdAt}</c>.</summary>
    public const string Updated = "CustomerUpdated";

    /// <summary>A customer was deleted: <c>{id}</c>.</summary>
    public const string Deleted = "CustomerDeleted";

    /// <summary>An address was added or replaced: <c>{addressId, customerId, street, city, kind}</c>.</summary>
    public const string AddressChanged = "AddressChanged";

    /// <summary>An address was removed: <c>{addressId, customerId}</c>.</summary>
    public const string AddressRemoved = "AddressRemoved";
}
