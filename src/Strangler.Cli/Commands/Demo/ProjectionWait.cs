using System.Globalization;
using System.Text.Json;

namespace Strangler.Cli.Commands.Demo;

/// <summary>
/// The demo's wait, as it starts, until the projection has brought the monolith's snapshot into the service's store,
/// asking the service's own <c>GET /customers</c> (the sample's public contract, not its internals). It counts whole
/// customers (that list skips the stub an address row creates before its customer row) and their addresses: the
/// customers and addresses topics are fetched apart, so the customers could all be in while addresses were still on
/// their way, and the first request through the gateway after a flip showed a customer without them.
/// </summary>
internal static class ProjectionWait
{
    /// <summary>How long the demo waits: the snapshot is a few dozen rows, projected in well under a second when idle.</summary>
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Returns once the store holds <paramref name="expected"/>; past <paramref name="within"/> throws a
    /// <see cref="DemoException"/> that says what the store, the capture and the worker held (see
    /// <see cref="ProjectionDiagnosis"/>), so a hold can be told apart from a slow machine without a rerun.
    /// </summary>
    public static async Task UntilAsync(DemoEnvironment demo, SnapshotCounts expected, TimeSpan within, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = demo.Customers, Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var held = Count(await http.GetFromJsonAsync<JsonElement>("customers", cancellationToken));
            if (held.Customers >= expected.Customers && held.Addresses >= expected.Addresses)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                var diagnosis = await ProjectionDiagnosis.DescribeAsync(demo, held, cancellationToken);
                throw new DemoException(
                    $"The sync worker did not project the monolith's {expected.Customers} customers and {expected.Addresses} addresses " +
                    $"into {demo.CustomersDatabase} within {within.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s." +
                    Environment.NewLine + diagnosis);
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>Whole customers listed and the addresses they hold.</summary>
    public static SnapshotCounts Count(JsonElement customers) => new(
        customers.GetArrayLength(),
        customers.EnumerateArray().Sum(c => c.TryGetProperty("addresses", out var a) && a.ValueKind == JsonValueKind.Array ? a.GetArrayLength() : 0));
}
