using System.Net.Http.Json;
using Samples.CustomersService.Customers;
using Samples.CustomersService.Store;

namespace Strangler.Cli.Commands.Demo;

/// <summary>
/// Copies the monolith's customers into the new service's store once at start, so that a flip shows the same data
/// served from the other side. In the full setup the sync worker's CDC projection does this continuously.
/// </summary>
internal static class CustomerSnapshot
{
    public static async Task<int> CopyAsync(Uri legacy, CustomerStore store, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = legacy };
        // The monolith's and the service's JSON shapes are one contract, so one type reads both.
        var customers = await http.GetFromJsonAsync<List<Customer>>("/customers", cancellationToken) ?? [];
        foreach (var customer in customers)
        {
            store.Upsert(customer);
        }

        return customers.Count;
    }
}
