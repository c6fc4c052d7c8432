using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Strangler.Cli.Tests.Commands.Demo;

/// <summary>
/// The whole migration loop of the demo with real parts: monolith writes reach the new service through capture,
/// Kafka and the projection; the new service's writes reach the monolith's tables through the outbox, Kafka and the
/// backfill, without coming back; both sides draw keys from one series.
/// </summary>
public sealed class DemoMigrationLoopTests(DemoLoopFixture demo) : IClassFixture<DemoLoopFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_customer_created_in_the_monolith_is_served_by_the_new_service_through_the_gateway()
    {
        var name = $"Grace {Guid.NewGuid():N}";
        var created = await demo.Legacy.PostAsJsonAsync("/customers", Input(name, "Arlington"), Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetInt64();

        // The customer row and its address row are separate topics: either may be projected first, so the customer
        // is awaited whole (a 200 alone may be the bare customer, or the projection's stub holding only the address).
        var (served, body) = await Eventually.UntilAsync(
            async () =>
            {
                var response = await demo.Gateway.GetAsync($"/customers/{id}", Ct);
                return (Response: response, Body: response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadAsStringAsync(Ct) : "");
            },
            r => r.Response.StatusCode == HttpStatusCode.OK
                && r.Body.Contains(name, StringComparison.Ordinal) && r.Body.Contains("Arlington", StringComparison.Ordinal),
            $"customer {id} served whole through the gateway");

        Assert.StartsWith("new", served.Headers.GetValues("X-Strangler-Served-By").Single());
        var customer = JsonDocument.Parse(body).RootElement;
        Assert.Equal(name, customer.GetProperty("name").GetString());
        Assert.Equal("Arlington", customer.GetProperty("addresses")[0].GetProperty("city").GetString());
    }

    [Fact]
    public async Task An_update_through_the_new_service_lands_in_the_legacy_tables_and_does_not_echo_back()
    {
        const long id = 1;
        // The class's tests share the demo: the counters are read only once every monolith change made so far (earlier
        // tests' too, whose address rows may still be on their way) has been counted.
        var capturedBefore = await demo.ProjectionCaughtUpAsync();
        var projectionBefore = await demo.PipelineAsync("customers-projection");
        var positionBefore = demo.CustomerDocument(id)?["_pos"].AsString;
        Assert.False(string.IsNullOrEmpty(positionBefore), "customer 1 was projected from the monolith at start");
        // The PUT replaces every address: the backfill deletes these rows, and the capture records those deletes as the
        // backfill's own, which confirm the tombstones the service left (one applied write each) and nothing else.
        var removed = await demo.LegacyScalarAsync<long>("SELECT COUNT(*) FROM Addresses WHERE CustomerId = $key", id);
        Assert.True(removed > 0, $"customer {id} has addresses in the monolith's seed");
        var name = $"Ada King {Guid.NewGuid():N}";

        var updated = await demo.Gateway.PutAsJsonAsync($"/customers/{id}", Input(name, "Ockham"), Ct);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.StartsWith("new", updated.Headers.GetValues("X-Strangler-Served-By").Single());

        await Eventually.UntilAsync(
            () => demo.LegacyScalarAsync<string>("SELECT Name FROM Customers WHERE Id = $key", id),
            n => n == name, "the new name in the legacy Customers table");
        await Eventually.UntilAsync(
            () => demo.LegacyScalarAsync<string>("SELECT group_concat(City) FROM Addresses WHERE CustomerId = $key", id),
            c => c == "Ockham", "the new address (and only it) in the legacy Addresses table");
        var orders = await demo.Legacy.GetFromJsonAsync<JsonElement>("/orders", Ct);
        Assert.Contains(orders.EnumerateArray(), o => o.GetProperty("customerId").GetInt64() == id && o.GetProperty("customerName").GetString() == name);

        // A later monolith change goes through the same capture, topics and projection. Once the projection has counted
        // every change captured up to it, it has also counted any echo of the backfill's writes (captured before it).
        var sentinel = await demo.Legacy.PostAsJsonAsync("/customers", Input($"Sentinel {Guid.NewGuid():N}", "Derby"), Ct);
        Assert.Equal(HttpStatusCode.Created, sentinel.StatusCode);
        var sentinelId = (await sentinel.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetInt64();
        var capturedAfter = await demo.ProjectionCaughtUpAsync();
        var projectionAfter = await demo.PipelineAsync("customers-projection");

        // The sentinel is one customer row and one address row; of the backfill's writes only its deletes of the old
        // address rows were captured, each confirming a tombstone; nothing else was projected, nothing skipped, and
        // customer 1 keeps the monolith's position.
        Assert.Equal(capturedBefore + 2 + removed, capturedAfter);
        Assert.Equal(Count(projectionBefore, "applied") + 2 + removed, Count(projectionAfter, "applied"));
        Assert.Equal(Count(projectionBefore, "skipped"), Count(projectionAfter, "skipped"));
        Assert.Equal(Count(projectionBefore, "deadLettered"), Count(projectionAfter, "deadLettered"));
        Assert.Equal(positionBefore, demo.CustomerDocument(id)?["_pos"].AsString);
        var tombstones = demo.CustomerDocument(id)!["Addresses"].AsArray.Select(a => a.AsDocument).Where(a => a["_deleted"] == true).ToList();
        Assert.Equal(removed, tombstones.Count);
        Assert.All(tombstones, a => Assert.False(a.ContainsKey("_deletedByService"), $"address {a["_key"]}'s tombstone confirmed by the legacy delete"));
        var service = await demo.Customers.GetFromJsonAsync<JsonElement>($"/customers/{id}", Ct);
        Assert.Equal(name, service.GetProperty("name").GetString());
        var served = await demo.Customers.GetFromJsonAsync<JsonElement>($"/customers/{sentinelId}", Ct);
        Assert.Equal("Derby", served.GetProperty("addresses")[0].GetProperty("city").GetString());
        Assert.True(Count(await demo.PipelineAsync("customers-backfill"), "applied") >= 3);
    }

    [Fact]
    public async Task Customers_created_concurrently_on_both_sides_get_distinct_ids_and_all_reach_the_legacy_table()
    {
        var tag = Guid.NewGuid().ToString("N");
        var requests = Enumerable.Range(0, 24).Select(i => (i % 2 == 0 ? demo.Legacy : demo.Customers)
            .PostAsJsonAsync("/customers", Input($"Both {tag} {i}", "Leeds"), Ct));
        var responses = await Task.WhenAll(requests);
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var ids = new List<long>();
        foreach (var response in responses)
        {
            ids.Add((await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetInt64());
        }

        Assert.Equal(ids.Count, ids.Distinct().Count());
        // A collision would have made the backfill overwrite a monolith customer: every one must be there, once.
        await Eventually.UntilAsync(
            () => demo.LegacyScalarAsync<long>("SELECT COUNT(DISTINCT Id) FROM Customers WHERE Name LIKE $key", $"Both {tag} %"),
            n => n == 24, "all 24 customers in the legacy table");
        await Eventually.UntilAsync(
            async () => (await demo.Customers.GetFromJsonAsync<JsonElement>("/customers", Ct)).EnumerateArray()
                .Count(c => c.GetProperty("name").GetString()!.StartsWith($"Both {tag} ", StringComparison.Ordinal)),
            n => n == 24, "all 24 customers in the new service");
    }

    [Fact]
    public async Task The_dashboard_overview_shows_both_sync_pipelines_of_the_worker()
    {
        using var dashboard = new HttpClient { BaseAddress = demo.Demo.Gateway };
        var signIn = await dashboard.PostAsJsonAsync("/_strangler/session", new { token = demo.Demo.AdminToken }, Ct);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);

        var overview = await Eventually.UntilAsync(
            () => dashboard.GetStringAsync("/_strangler/ui/overview", Ct),
            o => o.Contains("\"customers-projection\"", StringComparison.Ordinal) && o.Contains("\"customers-backfill\"", StringComparison.Ordinal),
            "both pipelines in the dashboard overview");
        Assert.Contains($"{demo.Demo.Sync}_strangler/sync/status", overview);
    }

    private static object Input(string name, string city) => new
    {
        name, email = "someone@example.com", addresses = new[] { new { street = "1 Main St", city, kind = "home" } },
    };

    private static long Count(JsonElement pipeline, string counter) =>
        pipeline.ValueKind == JsonValueKind.Object ? pipeline.GetProperty(counter).GetInt64() : 0;
}
