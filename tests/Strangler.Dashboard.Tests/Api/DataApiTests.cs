using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Strangler.Dashboard.Tests.Infrastructure;

namespace Strangler.Dashboard.Tests.Api;

public sealed class DataApiTests(Upstreams upstreams)
{
    private static async Task<JsonElement> Get(HttpClient client, string path) =>
        await client.GetFromJsonAsync<JsonElement>(path, TestContext.Current.CancellationToken);

    private static JsonElement Row(JsonElement overview, string name) =>
        overview.GetProperty("subdomains").EnumerateArray().Single(r => r.GetProperty("name").GetString() == name);

    private static async Task FlipAsync(HttpClient client, string csrf, string subdomain, string mode)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/_strangler/ui/flip")
        {
            Content = JsonContent.Create(new { subdomain, mode, reason = "test" }),
        };
        request.Headers.Add("X-CSRF-Token", csrf);
        (await client.SendAsync(request, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task Overview_ReflectsTrafficSentThroughTheGateway()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams);
        var (client, csrf) = await gateway.SignedInClientAsync();
        using var _ = client;

        await gateway.SendAsync(client, "/customers/{i}", 6, "legacy");
        await FlipAsync(client, csrf, "customers", "new");
        await gateway.SendAsync(client, "/customers/{i}", 2, "new");
        await gateway.SendAsync(client, "/orders/{i}", 4, "legacy");
        var overview = await Get(client, "/_strangler/ui/overview");

        var customers = Row(overview, "customers");
        Assert.Equal("new", customers.GetProperty("mode").GetString());
        Assert.Equal(6, customers.GetProperty("legacy").GetProperty("requests").GetInt64());
        Assert.Equal(2, customers.GetProperty("new").GetProperty("requests").GetInt64());
        Assert.Equal(0.25, customers.GetProperty("newShare").GetDouble(), 4);
        Assert.True(customers.GetProperty("new").GetProperty("p99Ms").GetDouble() > 0);
        Assert.True(customers.GetProperty("legacy").GetProperty("requestsPerSecond").GetDouble() > 0);
        Assert.False(customers.GetProperty("breakerOpen").GetBoolean());
        Assert.Equal(4, Row(overview, "orders").GetProperty("legacy").GetProperty("requests").GetInt64());
        var headline = overview.GetProperty("headline");
        Assert.Equal(2.0 / 12, headline.GetProperty("newShare").GetDouble(), 3);
        Assert.Equal((1, 0, 1), (headline.GetProperty("modes").GetProperty("legacy").GetInt32(),
            headline.GetProperty("modes").GetProperty("canary").GetInt32(), headline.GetProperty("modes").GetProperty("new").GetInt32()));
        Assert.False(overview.GetProperty("syncConfigured").GetBoolean());
    }

    [Fact]
    public async Task Overview_CountsErrorsPerSide()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams);
        var (client, csrf) = await gateway.SignedInClientAsync();
        using var _ = client;
        await FlipAsync(client, csrf, "orders", "new");

        // The new upstream answers 404 for exports: not an error. Unclaimed paths go to legacy under "(unclaimed)".
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/orders/1/export", TestContext.Current.CancellationToken)).StatusCode);
        await gateway.SendAsync(client, "/elsewhere/{i}", 3, "legacy");
        var overview = await Get(client, "/_strangler/ui/overview");

        Assert.Equal(0, Row(overview, "orders").GetProperty("new").GetProperty("errorRate").GetDouble());
        Assert.Equal(1, Row(overview, "orders").GetProperty("new").GetProperty("requests").GetInt64());
        Assert.Equal(3, Row(overview, "(unclaimed)").GetProperty("legacy").GetProperty("requests").GetInt64());
    }

    [Fact]
    public async Task Series_HasTheLastHourInTenSecondSlotsWithTheTrafficSent()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams);
        var (client, _) = await gateway.SignedInClientAsync();
        using var __ = client;
        await gateway.SendAsync(client, "/orders/{i}", 5, "legacy");

        var series = await Get(client, "/_strangler/ui/series?minutes=60");
        var bad = await client.GetAsync("/_strangler/ui/series?minutes=5000", TestContext.Current.CancellationToken);

        Assert.Equal(10, series.GetProperty("slotSeconds").GetInt32());
        var orders = series.GetProperty("traffic").EnumerateArray().Single(t => t.GetProperty("subdomain").GetString() == "orders");
        Assert.Equal(360, orders.GetProperty("legacy").GetArrayLength());
        Assert.Equal(5, orders.GetProperty("legacy").EnumerateArray().Sum(v => v.GetInt64()));
        Assert.Equal(0, orders.GetProperty("new").EnumerateArray().Sum(v => v.GetInt64()));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("minutes:", await bad.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Inventory_LearnsFoldedEndpointsAndWhichTheNewServiceServes()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams);
        var (client, csrf) = await gateway.SignedInClientAsync();
        using var _ = client;
        await gateway.SendAsync(client, "/customers/{i}", 3, "legacy");
        await gateway.SendAsync(client, "/customers/{i}/export", 1, "legacy");
        await FlipAsync(client, csrf, "customers", "new");
        await gateway.SendAsync(client, "/customers/4{i}", 2, "new");
        await client.GetAsync("/customers/9/export", TestContext.Current.CancellationToken);
        await client.GetAsync("/_strangler/ui/overview", TestContext.Current.CancellationToken);

        var entries = (await Get(client, "/_strangler/ui/inventory")).GetProperty("entries").EnumerateArray()
            .ToDictionary(e => e.GetProperty("method").GetString() + " " + e.GetProperty("template").GetString());

        Assert.Equal(["GET /customers/{id}", "GET /customers/{id}/export"], entries.Keys.Order());
        var byId = entries["GET /customers/{id}"];
        Assert.Equal((3L, 2L, true), (byId.GetProperty("legacyHits").GetInt64(), byId.GetProperty("newHits").GetInt64(),
            byId.GetProperty("servedByNew").GetBoolean()));
        var export = entries["GET /customers/{id}/export"];
        Assert.Equal((1L, 1L, false), (export.GetProperty("legacyHits").GetInt64(), export.GetProperty("newHits").GetInt64(),
            export.GetProperty("servedByNew").GetBoolean()));
        Assert.False(export.GetProperty("retireCandidate").GetBoolean());
    }

    [Fact]
    public async Task Overview_ShowsSyncPipelinesOfConfiguredWorkersAndUnreachableOnes()
    {
        await using var worker = await KestrelHost.StartAsync(app => app.MapGet("/_strangler/sync/status", () => Results.Text(
            """{"pipelines":[{"name":"customers-projection","kind":"projection","subdomain":"customers","applied":42,"skipped":1,"deadLettered":3,"retried":0,"lagSeconds":1.5,"consumerLag":2}]}""",
            "application/json")));
        string deadUrl;
        await using (var dead = await KestrelHost.StartAsync(_ => { }))
        {
            deadUrl = dead.Url;
        }

        await using var gateway = await GatewayUnderTest.StartAsync(upstreams, new Dictionary<string, string?>
        {
            ["Strangler:Dashboard:SyncStatusUrls:0"] = worker.Url,
            ["Strangler:Dashboard:SyncStatusUrls:1"] = deadUrl,
            ["Strangler:Dashboard:SyncPollInterval"] = "00:00:00.200",
        });
        var (client, _) = await gateway.SignedInClientAsync();
        using var __ = client;

        JsonElement overview = default;
        for (var attempt = 0; attempt < 100; attempt++)
        {
            overview = await Get(client, "/_strangler/ui/overview");
            if (overview.GetProperty("syncSources").GetArrayLength() == 2 && Row(overview, "customers").GetProperty("sync").GetArrayLength() == 1)
            {
                break;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.True(overview.GetProperty("syncConfigured").GetBoolean());
        var pipeline = Assert.Single(Row(overview, "customers").GetProperty("sync").EnumerateArray());
        Assert.Equal(("customers-projection", 42L, 3L, 1.5), (pipeline.GetProperty("name").GetString(),
            pipeline.GetProperty("applied").GetInt64(), pipeline.GetProperty("deadLettered").GetInt64(),
            pipeline.GetProperty("lagSeconds").GetDouble()));
        var sources = overview.GetProperty("syncSources").EnumerateArray().ToDictionary(
            s => s.GetProperty("url").GetString()!, s => s.GetProperty("reachable").GetBoolean());
        Assert.True(sources[worker.Url + "/_strangler/sync/status"]);
        Assert.False(sources[deadUrl + "/_strangler/sync/status"]);
        var series = await Get(client, "/_strangler/ui/series");
        Assert.Contains(series.GetProperty("lag").EnumerateArray(), l => l.GetProperty("pipeline").GetString() == "customers-projection");
    }

    // Bug: a worker cut off from Kafka, and a lag measured long ago, looked on the dashboard like an idle worker and a
    // current lag; the worker now says both, and the overview passes them to the sync card.
    [Fact]
    public async Task Overview_CarriesAPipelinesKafkaReachabilityAndHowOldItsLagIs()
    {
        var overview = await OverviewWithWorkerStatusAsync(
            """
            {"pipelines":[{"name":"customers-projection","kind":"projection","subdomain":"customers","lagSeconds":0.4,"lagAgeSeconds":120.5,"partitions":0,
            "kafka":{"reachable":false,"since":"2026-12-01T19:00:45Z","lastError":"Local_AllBrokersDown","lastErrorReason":"1/1 brokers are down","lastErrorAt":"2026-12-01T19:00:46Z"}}]}
            """);

        var pipeline = Assert.Single(Row(overview, "customers").GetProperty("sync").EnumerateArray());
        Assert.Equal(120.5, pipeline.GetProperty("lagAgeSeconds").GetDouble());
        var kafka = pipeline.GetProperty("kafka");
        Assert.False(kafka.GetProperty("reachable").GetBoolean());
        Assert.Equal("Local_AllBrokersDown", kafka.GetProperty("lastError").GetString());
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 19, 0, 45, TimeSpan.Zero), kafka.GetProperty("since").GetDateTimeOffset());
    }

    // A pipeline retrying a batch its legacy database refuses showed as an idle one until stalled, minutes later: the
    // overview now passes the worker's failing on to the sync card, as the worker gives it.
    [Fact]
    public async Task Overview_CarriesAPipelinesFailingBatch()
    {
        var overview = await OverviewWithWorkerStatusAsync(
            """
            {"pipelines":[{"name":"customers-backfill","kind":"backfill","subdomain":"customers","lagSeconds":0.8,"lagAgeSeconds":6.3,"partitions":1,"retried":5,
            "failing":{"since":"2026-12-02T15:40:01.652+00:00","attempts":5,"lastError":"the legacy write failed: 55P03: canceling statement due to lock timeout","lastErrorAt":"2026-12-02T15:40:07.9+00:00","nextAttemptAt":"2026-12-02T15:40:11.1+00:00"}}],"drift":[]}
            """);

        var failing = Assert.Single(Row(overview, "customers").GetProperty("sync").EnumerateArray()).GetProperty("failing");
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 15, 40, 1, 652, TimeSpan.Zero), failing.GetProperty("since").GetDateTimeOffset());
        Assert.Equal(5, failing.GetProperty("attempts").GetInt32());
        Assert.Equal("the legacy write failed: 55P03: canceling statement due to lock timeout", failing.GetProperty("lastError").GetString());
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 15, 40, 11, 100, TimeSpan.Zero), failing.GetProperty("nextAttemptAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Overview_ShowsFallbacksErrorsAndTheBreakerOpeningWhenTheNewServiceFails()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams);
        var route = Path.Combine(gateway.RoutesDirectory, "orders.json");
        await File.WriteAllTextAsync(route, (await File.ReadAllTextAsync(route, TestContext.Current.CancellationToken))
            .Replace("\"fallbackToLegacy\":false", "\"fallbackToLegacy\":true")
            .Replace("\"mode\":\"legacy\"", "\"mode\":\"new\"")
            .Replace("\"revision\":1", "\"revision\":2"), TestContext.Current.CancellationToken);
        var (client, _) = await gateway.SignedInClientAsync();
        using var __ = client;
        for (var attempt = 0; attempt < 100 && Row(await Get(client, "/_strangler/ui/overview"), "orders").GetProperty("mode").GetString() != "new"; attempt++)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        // The new side answers 500; each GET falls back to legacy, and after 5 failures the breaker opens.
        var first = DateTimeOffset.UtcNow;
        await gateway.SendAsync(client, "/orders/broken/{i}", 8, "legacy");
        var last = DateTimeOffset.UtcNow;
        var overview = await Get(client, "/_strangler/ui/overview");

        var orders = Row(overview, "orders");
        Assert.True(orders.GetProperty("breakerOpen").GetBoolean());
        Assert.Equal(5, orders.GetProperty("fallbacks").GetInt64());
        // Since when (regression: the row said "open" and "5" with no time): the breaker's opening, its trial 30 s
        // later (the default OpenDuration), and the run of fallbacks from the first to the fifth.
        var breaker = orders.GetProperty("breaker");
        Assert.Equal("open", breaker.GetProperty("state").GetString());
        var opened = breaker.GetProperty("openedAt").GetDateTimeOffset();
        Assert.InRange(opened, first, last);
        Assert.Equal(opened.AddSeconds(30), breaker.GetProperty("trialAt").GetDateTimeOffset());
        var since = orders.GetProperty("fallbacksSince").GetDateTimeOffset();
        Assert.InRange(since, first, opened);
        Assert.InRange(orders.GetProperty("lastFallbackAt").GetDateTimeOffset(), since, last);
        Assert.Equal("closed", Row(overview, "customers").GetProperty("breaker").GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, Row(overview, "customers").GetProperty("fallbacksSince").ValueKind);
        Assert.Equal(1.0, orders.GetProperty("new").GetProperty("errorRate").GetDouble());
        Assert.Equal(5, orders.GetProperty("new").GetProperty("requests").GetInt64());
        Assert.Equal(8, orders.GetProperty("legacy").GetProperty("requests").GetInt64());
    }

    // The overview of a gateway polling one worker that answers statusJson, once it shows the worker's pipeline.
    private async Task<JsonElement> OverviewWithWorkerStatusAsync(string statusJson)
    {
        await using var worker = await KestrelHost.StartAsync(app => app.MapGet("/_strangler/sync/status", () => Results.Text(statusJson, "application/json")));
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams, new Dictionary<string, string?>
        {
            ["Strangler:Dashboard:SyncStatusUrls:0"] = worker.Url,
            ["Strangler:Dashboard:SyncPollInterval"] = "00:00:00.200",
        });
        var (client, _) = await gateway.SignedInClientAsync();
        using var __ = client;

        JsonElement overview = default;
        for (var attempt = 0; attempt < 100 && Row(overview = await Get(client, "/_strangler/ui/overview"), "customers").GetProperty("sync").GetArrayLength() == 0; attempt++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        return overview;
    }
}
