using System.Globalization;
using LiteDB;
using Samples.CustomersService.Customers;
using Strangler.Outbox.LiteDb;

namespace Samples.CustomersService.Store;

/// <summary>
/// All access to the service's own store. The sync projection fills the same collection from the legacy database
/// (so tombstones are skipped and <c>_pos</c> is kept), and every write stages its domain events in the outbox in the
/// same LiteDB transaction, so the legacy database is told about exactly the writes that happened. A deleted customer
/// or removed address is left as a tombstone (<see cref="LiteDbOutbox.Delete"/>, <see cref="LiteDbOutbox.DeleteItem"/>),
/// so that a replayed older legacy change cannot bring it back.
/// </summary>
internal sealed class CustomerStore(ILiteDatabase database, LiteDbOutbox outbox, CustomerKeys keys, TimeProvider time)
{
    public const string CollectionName = "customers";

    private readonly ILiteCollection<CustomerDocument> _customers = database.GetCollection<CustomerDocument>(CollectionName);

    public IReadOnlyList<Customer> List() =>
        _customers.Find(LiteDbProjected.Live).OrderBy(c => c.Id).Select(ToCustomer).ToList();

    public Customer? Get(long id) => Live(id) is { } document ? ToCustomer(document) : null;

    /// <summary>Creates a customer with keys from <see cref="CustomerKeys"/> and raises its events.</summary>
    public async Task<Customer> CreateAsync(CustomerInput input, CancellationToken cancellationToken)
    {
        var document = await ToDocumentAsync(await keys.NextAsync(CustomerKeys.Customers, _customers, cancellationToken), input, cancellationToken);
        document.CreatedAt = time.GetUtcNow().UtcDateTime;
        outbox.InTransaction((_, events) =>
        {
            _customers.Insert(document);
            events.Stage(CustomerEvents.Registered, Subject(document.Id), CustomerData(document));
            StageAddresses(events, document.Id, document.Addresses);
        });
        return ToCustomer(document);
    }

    /// <summary>Replaces name, e-mail and addresses (new address keys, like the monolith), raising the events.</summary>
    public async Task<Customer?> UpdateAsync(long id, CustomerInput input, CancellationToken cancellationToken)
    {
        if (Live(id) is not { } existing)
        {
            return null;
        }

        var document = await ToDocumentAsync(id, input, cancellationToken);
        var added = document.Addresses;
        document.CreatedAt = existing.CreatedAt.ToUniversalTime();
        // Keep the projection's position: the service's own write is not a legacy change.
        document.Position = existing.Position;
        // The old addresses stay in the array (tombstones too), and each removed one becomes a tombstone item, so a
        // replayed older change of its legacy row cannot bring it back.
        document.Addresses = [.. existing.Addresses, .. added];
        outbox.InTransaction((_, events) =>
        {
            _customers.Update(document);
            foreach (var removed in existing.Addresses.Where(a => !a.Deleted))
            {
                events.DeleteItem(CollectionName, id, nameof(CustomerDocument.Addresses), removed.Key);
            }

            events.Stage(CustomerEvents.Updated, Subject(id), CustomerData(document));
            StageRemovedAddresses(events, existing);
            StageAddresses(events, id, added);
        });
        document.Addresses = added;
        return ToCustomer(document);
    }

    /// <summary>Deletes a customer (a tombstone, not a removal) and raises its events; false when there is none.</summary>
    public bool Delete(long id)
    {
        if (Live(id) is not { } existing)
        {
            return false;
        }

        var deleted = false;
        outbox.InTransaction((_, events) =>
        {
            // False when a concurrent delete got there first: then that one raised the events.
            deleted = events.Delete(CollectionName, id);
            if (deleted)
            {
                StageRemovedAddresses(events, existing);
                events.Stage(CustomerEvents.Deleted, Subject(id), new { id });
            }
        });
        return deleted;
    }

    /// <summary>Writes a customer as it is, key included, raising no events: how a snapshot of legacy data lands.</summary>
    public void Upsert(Customer customer) => _customers.Upsert(new CustomerDocument
    {
        Id = customer.Id,
        Name = customer.Name,
        Email = customer.Email,
        CreatedAt = customer.CreatedAt.UtcDateTime,
        Addresses = customer.Addresses
            .Select((a, i) => new AddressDocument { Key = i + 1, Street = a.Street, City = a.City, Kind = a.Kind }).ToList(),
    });

    // The same test as LiteDbProjected.Live, which List uses.
    private CustomerDocument? Live(long id) => _customers.FindById(id) is { Deleted: false, Stub: false } document ? document : null;

    private async Task<CustomerDocument> ToDocumentAsync(long id, CustomerInput input, CancellationToken cancellationToken)
    {
        var addresses = new List<AddressDocument>();
        foreach (var address in input.Addresses ?? [])
        {
            addresses.Add(new AddressDocument
            {
                Key = await keys.NextAsync(CustomerKeys.Addresses, _customers, cancellationToken),
                Street = address!.Street!, City = address.City!, Kind = address.Kind!,
            });
        }

        return new CustomerDocument { Id = id, Name = input.Name!, Email = input.Email!, Addresses = addresses };
    }

    private static void StageAddresses(LiteDbOutbox events, long customerId, IEnumerable<AddressDocument> addresses)
    {
        foreach (var address in addresses)
        {
            events.Stage(CustomerEvents.AddressChanged, Subject(customerId), new
            {
                addressId = address.Key, customerId, street = address.Street, city = address.City, kind = address.Kind,
            });
        }
    }

    private static void StageRemovedAddresses(LiteDbOutbox events, CustomerDocument existing)
    {
        foreach (var address in existing.Addresses.Where(a => !a.Deleted))
        {
            events.Stage(CustomerEvents.AddressRemoved, Subject(existing.Id), new { addressId = address.Key, customerId = existing.Id });
        }
    }

    private static object CustomerData(CustomerDocument document) => new
    {
        id = document.Id,
        name = document.Name,
        email = document.Email,
        createdAt = new DateTimeOffset(document.CreatedAt.ToUniversalTime(), TimeSpan.Zero),
    };

    private static string Subject(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static Customer ToCustomer(CustomerDocument document) => new(
        document.Id,
        document.Name,
        document.Email,
        new DateTimeOffset(document.CreatedAt.ToUniversalTime(), TimeSpan.Zero),
        document.Addresses.Where(a => !a.Deleted).Select(a => new Address(a.Street, a.City, a.Kind)).ToList());
}
