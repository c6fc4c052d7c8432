using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Strangler.Dashboard.Tests.Infrastructure;
using Strangler.Gateway.Shadow;

namespace Strangler.Dashboard.Tests.Detail;

public sealed class DetailApiTests(Upstreams upstreams)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> Detail(HttpClient client, string subdomain, int minutes) =>
        await client.GetFromJsonAsync<JsonElement>($"/_strangler/ui/detail?subdomain={subdomain}&minutes={minutes}", Ct);

    private static long[] Longs(JsonElement array) => [.. array.EnumerateArray().Select(v => v.GetInt64())];

    private static double?[] Doubles(JsonElement array) =>
        [.. array.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Null ? (double?)null : v.GetDouble())];

    private static async Task FlipToNewAsync(HttpClient client, string csrf, string subdomain)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/_strangler/ui/flip")
        {
            Content = JsonContent.Create(new { subdomain, mode = "new", reason = "test" }),
        };
        request.Headers.Add("X-CSRF-Token", csrf);
        (await client.SendAsync(request, Ct)).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task Detail_HasBothSidesPerStep_WithErrorRateAndP99_AndNoShadowSeriesWhenShadowIsOff()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams);
        var (client, csrf) = await gateway.SignedInClientAsync();
        using var _ = client;
        await gateway.SendAsync(client, "/customers/{i}", 6, "legacy");
        await FlipToNewAsync(client, csrf, "customers");
        await gateway.SendAsync(client, "/customers/{i}", 3, "new");
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.InternalServerError, (await client.GetAsync($"/customers/broken/{i}", Ct)).StatusCode);
        }

        var detail = await Detail(client, "customers", 15);

        Assert.Equal(("customers", "new", 10), (detail.GetProperty("subdomain").GetString(),
            detail.GetProperty("mode").GetString(), detail.GetProperty("stepSeconds").GetInt32()));
        Assert.Equal(JsonValueKind.Null, detail.GetProperty("shadow").ValueKind);
        var legacy = detail.GetProperty("legacy");
        var @new = detail.GetProperty("new");
        Assert.Equal(6, Longs(legacy.GetProperty("requests")).Sum());
        Assert.Equal(0, Longs(legacy.GetProperty("errors")).Sum());
        Assert.Equal(5, Longs(@new.GetProperty("requests")).Sum());
        Assert.Equal(2, Longs(@new.GetProperty("errors")).Sum());
        foreach (var side in new[] { legacy, @new })
        {
            var requests = Longs(side.GetProperty("requests"));
            var errors = Longs(side.GetProperty("errors"));
            var errorRate = Doubles(side.GetProperty("errorRate"));
            var p99 = Doubles(side.GetProperty("p99Ms"));
            Assert.Equal(90, requests.Length);
            Assert.Equal(90, errorRate.Length);
            Assert.Equal(90, p99.Length);
            for (var i = 0; i < requests.Length; i++)
            {
                Assert.Equal(requests[i] == 0 ? null : Math.Round((double)errors[i] / requests[i], 4), errorRate[i]);
                Assert.Equal(requests[i] > 0, p99[i] is > 0);
            }
        }

        var start = detail.GetProperty("start").GetDateTimeOffset();
        var generated = detail.GetProperty("generatedAt").GetDateTimeOffset();
        Assert.InRange(generated - start, TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(15));
    }

    [Fact]
    public async Task Detail_AsksTheShadowDiffRatesStepByStep_AndPlotsTheirRateOnTheSameAxis()
    {
        var diffs = new RecordedDiffRates();
        var now = DateTimeOffset.UtcNow;
        diffs.Record("customers", now.AddSeconds(-30), compared: 10, differing: 3);
        diffs.Record("customers", now.AddMinutes(-20), compared: 100, differing: 100);
        diffs.Record("orders", now.AddSeconds(-30), compared: 5, differing: 5);
        await using var gateway = await GatewayUnderTest.StartAsync(
            upstreams, services: s => s.AddSingleton<IShadowDiffRates>(diffs));
        var (client, _) = await gateway.SignedInClientAsync();
        using var __ = client;

        var detail = await Detail(client, "customers", 15);

        var shadow = detail.GetProperty("shadow");
        var compared = Longs(shadow.GetProperty("compared"));
        var differing = Longs(shadow.GetProperty("differing"));
        var rate = Doubles(shadow.GetProperty("diffRate"));
        Assert.Equal(90, compared.Length);
        Assert.Equal((10L, 3L), (compared.Sum(), differing.Sum()));
        var step = Array.FindIndex(compared, c => c > 0);
        Assert.Equal(0.3, rate[step]);
        Assert.Equal(89, rate.Count(r => r is null));

        var asked = diffs.Asked.Where(a => a.Subdomain == "customers").ToList();
        Assert.Equal(90, asked.Count);
        Assert.Equal(detail.GetProperty("start").GetDateTimeOffset(), asked[0].From);
        Assert.All(asked.Zip(asked.Skip(1)), pair => Assert.Equal(pair.First.To, pair.Second.From));
        Assert.All(asked, a => Assert.InRange(a.To - a.From, TimeSpan.Zero, TimeSpan.FromSeconds(10)));
        Assert.Equal(detail.GetProperty("generatedAt").GetDateTimeOffset(), asked[^1].To);
    }

    [Theory]
    [InlineData(15, 10, 90)]
    [InlineData(60, 10, 360)]
    [InlineData(360, 60, 360)]
    [InlineData(1440, 60, 1440)]
    [InlineData(10080, 600, 1008)]
    public async Task Detail_LongerRanges_UseCoarserSteps_AndKeepTheTraffic(int minutes, int stepSeconds, int points)
    {
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams);
        var (client, _) = await gateway.SignedInClientAsync();
        using var __ = client;
        await gateway.SendAsync(client, "/orders/{i}", 4, "legacy");

        var detail = await Detail(client, "orders", minutes);

        Assert.Equal(stepSeconds, detail.GetProperty("stepSeconds").GetInt32());
        var requests = Longs(detail.GetProperty("legacy").GetProperty("requests"));
        Assert.Equal(points, requests.Length);
        Assert.Equal(4, requests.Sum());
        Assert.Equal(points, detail.GetProperty("new").GetProperty("p99Ms").GetArrayLength());
    }

    [Fact]
    public async Task Detail_BadInput_IsRefusedNamingEveryField_AndNeedsASession()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams);
        var (client, _) = await gateway.SignedInClientAsync();
        using var __ = client;
        using var anonymous = gateway.Client();

        var both = await client.GetAsync("/_strangler/ui/detail?minutes=20000", Ct);
        var zero = await client.GetAsync("/_strangler/ui/detail?subdomain=orders&minutes=0", Ct);
        var unknown = await client.GetAsync("/_strangler/ui/detail?subdomain=payments&minutes=15", Ct);
        var signedOut = await anonymous.GetAsync("/_strangler/ui/detail?subdomain=orders&minutes=15", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);
        var bothText = await both.Content.ReadAsStringAsync(Ct);
        Assert.Contains("subdomain: required", bothText);
        Assert.Contains("minutes: must be from 1 to 10080, was '20000'", bothText);
        Assert.Equal(HttpStatusCode.BadRequest, zero.StatusCode);
        Assert.Contains("minutes:", await zero.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("'payments' is neither a route nor seen in traffic", await unknown.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.Unauthorized, signedOut.StatusCode);
    }
}
