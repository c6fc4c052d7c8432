using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Samples.CustomersService;
using Samples.CustomersService.Customers;
using Samples.CustomersService.Store;
using Strangler.Cli.Hosting;
using Strangler.Cli.Tests.Infrastructure;
using Strangler.Sync.Debezium;
using Strangler.Sync.Stores;

namespace Strangler.Cli.Tests.Samples;

public sealed class CustomersServiceTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    public async ValueTask InitializeAsync()
    {
        _app = CustomersServiceApp.Build([
            "--urls=http://127.0.0.1:0",
            $"--CustomersService:DatabasePath={_directory.Combine("customers.db")}",
            "--Logging:LogLevel:Default=Warning",
        ]);
        _http = new HttpClient { BaseAddress = await LoopbackHost.StartAsync(_app, TestContext.Current.CancellationToken) };
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task ShadowRequests_AreAnsweredAsTheRealOnes_ButWriteNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var created = await _http.PostAsJsonAsync("/customers", new { name = "Grace Hopper", email = "Grace@Example.com" }, ct);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetInt64();

        var shadowCreate = await SendShadowAsync(HttpMethod.Post, "/customers", new { name = "Shadow", email = "s@example.com" });
        var shadowInvalid = await SendShadowAsync(HttpMethod.Post, "/customers", new { name = " " });
        var shadowUpdate = await SendShadowAsync(HttpMethod.Put, $"/customers/{id}", new { name = "Changed", email = "c@example.com" });
        var shadowMissing = await SendShadowAsync(HttpMethod.Put, "/customers/999", new { name = "x", email = "x@example.com" });
        var shadowDelete = await SendShadowAsync(HttpMethod.Delete, $"/customers/{id}", null);

        Assert.Equal(HttpStatusCode.Created, shadowCreate.StatusCode);
        Assert.Equal("Shadow", (await shadowCreate.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, shadowInvalid.StatusCode);
        Assert.Equal("Changed", (await shadowUpdate.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.NotFound, shadowMissing.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, shadowDelete.StatusCode);
        var all = await _http.GetFromJsonAsync<JsonElement>("/customers", ct);
        var only = Assert.Single(all.EnumerateArray());
        Assert.Equal("Grace Hopper", only.GetProperty("name").GetString());
        // The demo's deliberate difference: the single-customer answer lower-cases the e-mail, the list does not.
        Assert.Equal("Grace@Example.com", only.GetProperty("email").GetString());
        Assert.Equal("grace@example.com", (await _http.GetFromJsonAsync<JsonElement>($"/customers/{id}", ct)).GetProperty("email").GetString());
    }

    private async Task<HttpResponseMessage> SendShadowAsync(HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add(ShadowRequests.Header, "1");
        return await _http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Customers_CreateGetUpdateDelete_UseTheLiteDbStore()
    {
        var ct = TestContext.Current.CancellationToken;
        var created = await _http.PostAsJsonAsync("/customers", new
        {
            name = "Margaret Hamilton", email = "margaret@example.com",
            addresses = new[] { new { street = "75 Cambridge Pkwy", city = "Cambridge", kind = "home" } },
        }, ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetInt64();

        var fetched = await _http.GetFromJsonAsync<JsonElement>($"/customers/{id}", ct);
        Assert.Equal("Cambridge", fetched.GetProperty("addresses")[0].GetProperty("city").GetString());

        var updated = await _http.PutAsJsonAsync($"/customers/{id}", new { name = "M. Hamilton", email = "mh@example.com" }, ct);
        var body = await updated.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal("M. Hamilton", body.GetProperty("name").GetString());
        Assert.Equal(fetched.GetProperty("createdAt").GetDateTimeOffset(), body.GetProperty("createdAt").GetDateTimeOffset());
        Assert.Equal(0, body.GetProperty("addresses").GetArrayLength());

        Assert.Equal(HttpStatusCode.NoContent, (await _http.DeleteAsync($"/customers/{id}", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"/customers/{id}", ct)).StatusCode);
    }

    [Fact]
    public async Task Customers_AfterASnapshotUpsert_KeepTheLegacyKeysAndTheMonolithsJsonShape()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = _app.Services.GetRequiredService<CustomerStore>();
        var createdAt = new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero);
        store.Upsert(new Customer(41, "Ada Lovelace", "ada@example.com", createdAt, [new Address("12 St James's Square", "London", "home")]));

        var customer = await _http.GetFromJsonAsync<JsonElement>("/customers/41", ct);

        Assert.Equal(
            ["id", "name", "email", "createdAt", "addresses"],
            customer.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(createdAt, customer.GetProperty("createdAt").GetDateTimeOffset());
        var created = await _http.PostAsJsonAsync("/customers", new { name = "Next", email = "next@example.com" }, ct);
        Assert.Equal(42, (await created.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task Customers_DeletedInTheLegacyDatabaseOrHere_AreNotServed_AndAReplayedOlderChangeDoesNotBringThemBack()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(0, (await _http.GetFromJsonAsync<JsonElement>("/customers", ct)).GetArrayLength());
        // The sync projection's own handle on the service's file, as the worker opens it.
        using var projection = new LiteDbDocumentStore(_directory.Combine("customers.db"));
        Dictionary<string, object?> Row(string name) => new()
        {
            ["Name"] = name, ["Email"] = $"{name}@example.com", ["CreatedAt"] = new DateTime(2024, 1, 2, 0, 0, 0, DateTimeKind.Utc),
        };
        await projection.ApplyAsync(CustomerStore.CollectionName,
        [
            new UpsertDocument(41L, Row("ada"), SourcePosition.Postgres(100, 0)),
            new UpsertDocument(42L, Row("bob"), SourcePosition.Postgres(101, 0)),
            new DeleteDocument(41L, SourcePosition.Postgres(102, 0)),
        ], ct);

        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("/customers/41", ct)).StatusCode);
        Assert.Equal([42], (await _http.GetFromJsonAsync<JsonElement>("/customers", ct)).EnumerateArray().Select(c => c.GetProperty("id").GetInt64()));

        Assert.Equal(HttpStatusCode.NoContent, (await _http.DeleteAsync("/customers/42", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.DeleteAsync("/customers/42", ct)).StatusCode);
        // A legacy update made before the backfill deleted the row, arriving after the service's delete.
        var replayed = await projection.ApplyAsync(CustomerStore.CollectionName, [new UpsertDocument(42L, Row("bob, again"), SourcePosition.Postgres(103, 0))], ct);

        Assert.Equal(new WriteCounts(0, 1), replayed);
        Assert.Equal(true, (await projection.FindAsync(CustomerStore.CollectionName, 42L, ct))![DocumentFields.DeletedByService]);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("/customers/42", ct)).StatusCode);
        Assert.Equal(0, (await _http.GetFromJsonAsync<JsonElement>("/customers", ct)).GetArrayLength());
    }

    [Fact]
    public async Task Put_RemovedAddresses_StayRemovedWhenAnOlderLegacyChangeOfTheirRowIsReplayed()
    {
        var ct = TestContext.Current.CancellationToken;
        using var projection = new LiteDbDocumentStore(_directory.Combine("customers.db"));
        var row = new Dictionary<string, object?> { ["Name"] = "ada", ["Email"] = "ada@example.com", ["CreatedAt"] = new DateTime(2024, 1, 2, 0, 0, 0, DateTimeKind.Utc) };
        Dictionary<string, object?> Address(string city) => new() { ["Street"] = "1 High St", ["City"] = city, ["Kind"] = "home" };
        await projection.ApplyAsync(CustomerStore.CollectionName,
        [
            new UpsertDocument(41L, row, SourcePosition.Postgres(100, 0)),
            new UpsertItem(41L, "Addresses", 7L, Address("London"), SourcePosition.Postgres(101, 0)),
        ], ct);

        var put = await _http.PutAsJsonAsync("/customers/41", new
        {
            name = "ada", email = "ada@example.com", addresses = new[] { new { street = "2 Low St", city = "Paris", kind = "home" } },
        }, ct);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        // A legacy update of the old address made before the backfill deleted its row, arriving after the PUT.
        var replayed = await projection.ApplyAsync(CustomerStore.CollectionName,
            [new UpsertItem(41L, "Addresses", 7L, Address("London, late"), SourcePosition.Postgres(102, 0))], ct);

        Assert.Equal(new WriteCounts(0, 1), replayed);
        var customer = await _http.GetFromJsonAsync<JsonElement>("/customers/41", ct);
        Assert.Equal(["Paris"], customer.GetProperty("addresses").EnumerateArray().Select(a => a.GetProperty("city").GetString()));
    }

    [Fact]
    public async Task Customers_InvalidBody_IsRejectedLikeTheMonolithDoes()
    {
        var ct = TestContext.Current.CancellationToken;
        var response = await _http.PostAsJsonAsync("/customers", new { name = " ", email = (string?)null }, ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _));
        Assert.True(errors.TryGetProperty("email", out _));
        Assert.Equal(0, (await _http.GetFromJsonAsync<JsonElement>("/customers", ct)).GetArrayLength());
    }

    [Fact]
    public async Task Post_MalformedJson_IsA400ThatSaysWhereItBroke()
    {
        var ct = TestContext.Current.CancellationToken;
        using var content = new StringContent("{\"name\": [1, 2]}", System.Text.Encoding.UTF8, "application/json");

        var response = await _http.PostAsync("/customers", content, ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("$.name", (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Customers_WhoseAddressArrivedBeforeTheirRow_AreNotServedUntilTheRowArrives_ThenServedWhole()
    {
        var ct = TestContext.Current.CancellationToken;
        using var projection = new LiteDbDocumentStore(_directory.Combine("customers.db"));
        var createdAt = new DateTime(2024, 1, 2, 0, 0, 0, DateTimeKind.Utc);
        // legacy.dbo.Addresses and legacy.dbo.Customers are different topics: the address row may be projected first.
        await projection.ApplyAsync(CustomerStore.CollectionName,
            [new UpsertItem(41L, "Addresses", 7L, new Dictionary<string, object?> { ["Street"] = "1 High St", ["City"] = "London", ["Kind"] = "home" }, SourcePosition.Postgres(101, 0))],
            ct);

        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("/customers/41", ct)).StatusCode);
        Assert.Equal(0, (await _http.GetFromJsonAsync<JsonElement>("/customers", ct)).GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await _http.PutAsJsonAsync("/customers/41", new { name = "x", email = "x@example.com" }, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.DeleteAsync("/customers/41", ct)).StatusCode);

        await projection.ApplyAsync(CustomerStore.CollectionName,
            [new UpsertDocument(41L, new Dictionary<string, object?> { ["Name"] = "ada", ["Email"] = "ada@example.com", ["CreatedAt"] = createdAt }, SourcePosition.Postgres(100, 0))],
            ct);

        var customer = await _http.GetFromJsonAsync<JsonElement>("/customers/41", ct);
        Assert.Equal("ada", customer.GetProperty("name").GetString());
        Assert.Equal("ada@example.com", customer.GetProperty("email").GetString());
        Assert.Equal(new DateTimeOffset(createdAt), customer.GetProperty("createdAt").GetDateTimeOffset());
        Assert.Equal(["London"], customer.GetProperty("addresses").EnumerateArray().Select(a => a.GetProperty("city").GetString()));
        Assert.Equal([41], (await _http.GetFromJsonAsync<JsonElement>("/customers", ct)).EnumerateArray().Select(c => c.GetProperty("id").GetInt64()));
    }
}
