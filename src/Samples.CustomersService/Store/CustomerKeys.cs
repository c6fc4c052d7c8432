using LiteDB;
using Strangler.LegacyDatabase.Keys;

namespace Samples.CustomersService.Store;

/// <summary>
/// New customer and address keys. With a legacy key allocator (configured <c>CustomersService:LegacyKeys</c>) they
/// continue the monolith's key series in blocks reserved in its database, so both sides can create records during
/// the cutover without colliding; without one (a stand-alone service) they are the store's highest key + 1.
/// </summary>
internal sealed class CustomerKeys(LegacyKeyAllocator? allocator)
{
    public const string Customers = "customers";
    public const string Addresses = "addresses";

    private readonly Lock _gate = new();
    private long _localNext;

    public async Task<long> NextAsync(string entity, ILiteCollection<CustomerDocument> customers, CancellationToken cancellationToken)
    {
        if (allocator is not null)
        {
            return await allocator.NextAsync(entity, cancellationToken);
        }

        lock (_gate)
        {
            var all = customers.FindAll().ToList();
            var highest = entity == Customers
                ? all.Select(c => c.Id).DefaultIfEmpty().Max()
                : all.SelectMany(c => c.Addresses).Select(a => a.Key).DefaultIfEmpty().Max();
            _localNext = Math.Max(_localNext, highest) + 1;
            return _localNext;
        }
    }
}
