using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Samples.LegacyMonolith;
using Strangler.Cli.Hosting;
using Strangler.Cli.Tests.Infrastructure;

namespace Strangler.Cli.Tests.Samples;

public sealed class LegacyMonolithTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    public async ValueTask InitializeAsync()
    {
        _app = LegacyMonolithApp.Build([
            "--urls=http://127.0.0.1:0",
            $"--LegacyMonolith:DatabasePath={_directory.Combine("legacy.db")}",
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
    public async Task Start_EmptyDatabase_SeedsCustomersWithAddresses()
    {
        var customers = await _http.GetFromJsonAsync<JsonElement>("/customers", TestContext.Current.CancellationToken);

        Assert.Equal(5, customers.GetArrayLength());
        Assert.Equal("Ada Lovelace", customers[0].GetProperty("name").GetString());
        Assert.Equal("London", customers[0].GetProperty("addresses")[0].GetProperty("city").GetString());
    }

    [Fact]
    public async Task Customers_CreateUpdateDelete_RoundTripsThroughSqlite()
    {
        var ct = TestContext.Current.CancellationToken;
        var created = await _http.PostAsJsonAsync("/customers", new
        {
            name = "Katherine Johnson", email = "katherine@example.com",
            addresses = new[] { new { street = "1 NASA Way", city = "Hampton", kind = "billing" } },
        }, ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetInt64();
        Assert.Equal($"/customers/{id}", created.Headers.Location?.ToString());

        var updated = await _http.PutAsJsonAsync($"/customers/{id}", new
        {
            name = "K. Johnson", email = "kj@example.com",
            addresses = new[] { new { street = "2 Langley", city = "Hampton", kind = "home" } },
        }, ct);
        var body = await updated.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal("K. Johnson", body.GetProperty("name").GetString());
        Assert.Equal("home", Assert.Single(body.GetProperty("addresses").EnumerateArray()).GetProperty("kind").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await _http.DeleteAsync($"/customers/{id}", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"/customers/{id}", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.DeleteAsync($"/customers/{id}", ct)).StatusCode);
    }

    [Fact]
    public async Task Customers_InvalidBody_NamesEveryBadFieldAndWritesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var response = await _http.PostAsJsonAsync("/customers", new
        {
            name = "", email = "not-an-address", addresses = new[] { new { street = "x", city = "", kind = "home" } },
        }, ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _));
        Assert.True(errors.TryGetProperty("email", out _));
        Assert.True(errors.TryGetProperty("addresses[0].city", out _));
        Assert.Equal(5, (await _http.GetFromJsonAsync<JsonElement>("/customers", ct)).GetArrayLength());
    }

    [Fact]
    public async Task Orders_ReadTheCustomerNameFromTheCustomersTable()
    {
        var ct = TestContext.Current.CancellationToken;
        await _http.PutAsJsonAsync("/customers/2", new { name = "Rear Admiral Hopper", email = "grace@example.com" }, ct);

        var placed = await _http.PostAsJsonAsync("/orders", new { customerId = 2, total = 42.5m }, ct);
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var order = await placed.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal("Rear Admiral Hopper", order.GetProperty("customerName").GetString());
        Assert.Equal(42.5m, order.GetProperty("total").GetDecimal());

        var fetched = await _http.GetFromJsonAsync<JsonElement>($"/orders/{order.GetProperty("id").GetInt64()}", ct);
        Assert.Equal("Rear Admiral Hopper", fetched.GetProperty("customerName").GetString());
    }

    [Fact]
    public async Task Orders_UnknownCustomerOrBadTotal_AreRejectedNamingTheField()
    {
        var ct = TestContext.Current.CancellationToken;
        var unknown = await _http.PostAsJsonAsync("/orders", new { customerId = 999, total = 1m }, ct);
        var badTotal = await _http.PostAsJsonAsync("/orders", new { customerId = 1, total = -1m }, ct);

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("Customer 999 does not exist", await unknown.Content.ReadAsStringAsync(ct));
        Assert.Equal(HttpStatusCode.BadRequest, badTotal.StatusCode);
        Assert.Contains("\"total\"", await badTotal.Content.ReadAsStringAsync(ct));
        Assert.Equal(5, (await _http.GetFromJsonAsync<JsonElement>("/orders", ct)).GetArrayLength());
    }

    [Theory]
    [InlineData("/customers", "{\"name\": \"Ada\", ", "LineNumber")]
    [InlineData("/orders", "{\"customerId\": \"one\", \"total\": 1}", "$.customerId")]
    public async Task Post_UnreadableBody_SaysWhereItBrokeAndWritesNothing(string path, string body, string where)
    {
        var ct = TestContext.Current.CancellationToken;
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        var response = await _http.PostAsync(path, content, ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Contains(where, problem.GetProperty("detail").GetString());
        Assert.Equal(5, (await _http.GetFromJsonAsync<JsonElement>(path, ct)).GetArrayLength());
    }

    [Fact]
    public async Task Index_ServesHtmlLinkingBothSubdomains()
    {
        var html = await _http.GetStringAsync("/", TestContext.Current.CancellationToken);

        Assert.Contains("href=\"/customers\"", html);
        Assert.Contains("href=\"/orders\"", html);
    }
}
