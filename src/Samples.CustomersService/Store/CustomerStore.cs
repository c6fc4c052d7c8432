using LiteDB;
using Microsoft.Extensions.Options;
using Samples.CustomersService.Customers;

namespace Samples.CustomersService.Store;

/// <summary>
/// All access to the service's own store, in one place so the sync projection (which fills the same file) and an
/// outbox (which must commit with each write) can be wired here and nowhere else.
/// </summary>
internal sealed class CustomerStore : IDisposable
{
    public const string CollectionName = "customers";

    private readonly LiteDatabase _database;
    private readonly ILiteCollection<CustomerDocument> _customers;
    private readonly TimeProvider _time;

    public CustomerStore(IOptions<CustomersServiceOptions> options, TimeProvider time)
    {
        var path = Path.GetFullPath(options.Value.DatabasePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Shared mode: the sync worker's projection opens the same file from its own process.
        _database = new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Shared });
        _customers = _database.GetCollection<CustomerDocument>(CollectionName);
        _time = time;
    }

    public IReadOnlyList<Customer> List() =>
        _customers.Query().OrderBy(c => c.Id).ToList().Select(ToCustomer).ToList();

    public Customer? Get(long id) => _customers.FindById(id) is { } document ? ToCustomer(document) : null;

    /// <summary>
    /// Creates a customer. The key is LiteDB's next Int64 (highest + 1); keys allocated from a legacy key block
    /// replace this once the service owns writes alongside the monolith.
    /// </summary>
    public Customer Create(CustomerInput input)
    {
        var document = ToDocument(0, input);
        document.CreatedAt = _time.GetUtcNow().UtcDateTime;
        _customers.Insert(document);
        return ToCustomer(document);
    }

    public Customer? Update(long id, CustomerInput input)
    {
        if (_customers.FindById(id) is not { } existing)
        {
            return null;
        }

        var document = ToDocument(id, input);
        document.CreatedAt = existing.CreatedAt;
        _customers.Update(document);
        return ToCustomer(document);
    }

    public bool Delete(long id) => _customers.Delete(id);

    /// <summary>Writes a customer as it is, key included: how a snapshot of legacy data lands in the store.</summary>
    public void Upsert(Customer customer) => _customers.Upsert(new CustomerDocument
    {
        Id = customer.Id,
        Name = customer.Name,
        Email = customer.Email,
        CreatedAt = customer.CreatedAt.UtcDateTime,
        Addresses = customer.Addresses
            .Select(a => new AddressDocument { Street = a.Street, City = a.City, Kind = a.Kind }).ToList(),
    });

    public void Dispose() => _database.Dispose();

    private static CustomerDocument ToDocument(long id, CustomerInput input) => new()
    {
        Id = id,
        Name = input.Name!,
        Email = input.Email!,
        Addresses = (input.Addresses ?? [])
            .Select(a => new AddressDocument { Street = a!.Street!, City = a.City!, Kind = a.Kind! }).ToList(),
    };

    private static Customer ToCustomer(CustomerDocument document) => new(
        document.Id,
        document.Name,
        document.Email,
        new DateTimeOffset(document.CreatedAt.ToUniversalTime(), TimeSpan.Zero),
        document.Addresses.Select(a => new Address(a.Street, a.City, a.Kind)).ToList());
}
