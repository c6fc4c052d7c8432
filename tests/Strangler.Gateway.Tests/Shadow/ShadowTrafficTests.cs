using System.Diagnostics.Metrics;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Strangler.Gateway.Admin;
using Strangler.Gateway.Canary;

namespace Strangler.Gateway.Tests.Shadow;

public sealed class ShadowTrafficTests
{
    [Fact]
    public async Task UnsafeMethod_NotNamed_IsNeverShadowed()
    {
        await using var rig = await ShadowRig.StartAsync(new JsonObject { ["noisePercentage"] = 0 });

        var post = await rig.Gateway.Client.PostAsync("/customers", new StringContent("{\"name\":\"x\"}", Encoding.UTF8, "application/json"));
        await rig.Gateway.GetAsync("/customers/1", "u");

        Assert.Equal("legacy POST /customers", await post.Content.ReadAsStringAsync());
        await rig.SettledAsync(1);
        Assert.Equal(["GET"], rig.New.Requests.Select(r => r.Method));
    }

    [Fact]
    public async Task UnsafeMethod_Named_IsReplayedWithItsBodyAndMarked_AndClientsCannotMarkTheirOwn()
    {
        await using var rig = await ShadowRig.StartAsync(new JsonObject { ["methods"] = new JsonArray("GET", "POST"), ["noisePercentage"] = 0 });
        var bodies = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var echo = (Func<HttpContext, Task>)(async c =>
        {
            var text = await new StreamReader(c.Request.Body).ReadToEndAsync();
            bodies.Enqueue(text);
            await c.Response.WriteAsync("got " + text.Length);
        });
        rig.Legacy.Handler = echo;
        rig.New.Handler = echo;
        var payload = "{\"name\":\"" + new string('n', 100_000) + "\"}";

        using var request = new HttpRequestMessage(HttpMethod.Post, "/customers?x=1") { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Strangler-Shadow", "1");
        var response = await rig.Gateway.Client.SendAsync(request);

        Assert.Equal($"got {payload.Length}", await response.Content.ReadAsStringAsync());
        var report = await rig.SettledAsync(1);
        Assert.Equal(0, ShadowRig.Long(report, "differing"));
        var legacySeen = Assert.Single(rig.Legacy.Requests);
        Assert.False(legacySeen.Headers.ContainsKey("x-strangler-shadow"));
        var shadow = Assert.Single(rig.New.Requests);
        Assert.Equal(("POST", "/customers?x=1", "1"), (shadow.Method, shadow.Path, shadow.Headers["x-strangler-shadow"]));
        Assert.Equal("application/json; charset=utf-8", shadow.Headers["content-type"]);
        Assert.All(bodies, b => Assert.Equal(payload, b));
        Assert.Equal(2, bodies.Count);
    }

    [Fact]
    public async Task Bug_TheShadowCopy_PassedTheClientsForwardedClaimsToTheNewSideUnchanged()
    {
        // The forwarded request replaced X-Forwarded-Proto and -Host and appended the client's address to -For; the
        // shadow copied the client's headers as sent, so the new side read a client's claims as the gateway's word.
        await using var rig = await ShadowRig.StartAsync(new JsonObject { ["noisePercentage"] = 0 });

        using var request = new HttpRequestMessage(HttpMethod.Get, "/customers/1");
        request.Headers.Add("X-Forwarded-For", "6.6.6.6");
        request.Headers.Add("X-Forwarded-Host", "evil.example");
        request.Headers.Add("X-Forwarded-Proto", "https");
        using var response = await rig.Gateway.Client.SendAsync(request, TestContext.Current.CancellationToken);
        await rig.SettledAsync(1);

        var legacy = Assert.Single(rig.Legacy.Requests);
        var shadow = Assert.Single(rig.New.Requests);
        Assert.Equal("6.6.6.6, 127.0.0.1", legacy.Headers["x-forwarded-for"]);
        Assert.Equal("http", legacy.Headers["x-forwarded-proto"]);
        Assert.NotEqual("evil.example", legacy.Headers["x-forwarded-host"]);
        Assert.Equal(
            (legacy.Headers["x-forwarded-for"], legacy.Headers["x-forwarded-proto"], legacy.Headers["x-forwarded-host"]),
            (shadow.Headers["x-forwarded-for"], shadow.Headers["x-forwarded-proto"], shadow.Headers["x-forwarded-host"]));
    }

    [Fact]
    public async Task RequestBodyOverTheLimit_ReachesLegacyWhole_AndTheShadowIsCountedDropped()
    {
        await using var rig = await ShadowRig.StartAsync(new JsonObject { ["methods"] = new JsonArray("POST"), ["maxBodyBytes"] = 1000 });
        rig.Legacy.Handler = async c => await c.Response.WriteAsync("len " + (await new StreamReader(c.Request.Body).ReadToEndAsync()).Length);

        // Chunked (no Content-Length), so the gateway must read past the limit before it knows.
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(new string('a', 50_000))));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/customers") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        var response = await rig.Gateway.Client.SendAsync(request);

        Assert.Equal("len 50000", await response.Content.ReadAsStringAsync());
        var report = await rig.SettledAsync(1);
        Assert.Equal(1, ShadowRig.Long(report, "dropped"));
        Assert.Empty(rig.New.Requests);
    }

    [Fact]
    public async Task SlowNewSide_ClientIsServedWithoutWaiting_AndShadowsTimeOut()
    {
        await using var rig = await ShadowRig.StartAsync(new JsonObject { ["timeout"] = "00:00:00.300", ["noisePercentage"] = 0 });
        var release = new TaskCompletionSource();
        rig.New.Handler = async c =>
        {
            await release.Task.WaitAsync(c.RequestAborted);
            await c.Response.WriteAsync("late");
        };

        for (var i = 0; i < 3; i++)
        {
            // The new side is still holding earlier shadows: an answer here proves the client never waits for one.
            var (body, servedBy, response) = await rig.Gateway.GetAsync($"/customers/{i}", "u");
            Assert.Equal($"legacy GET /customers/{i}", body);
            Assert.StartsWith("legacy", servedBy);
            Assert.Equal(200, (int)response.StatusCode);
        }

        var report = await rig.SettledAsync(3);
        release.SetResult();
        Assert.Equal((3L, 0L), (ShadowRig.Long(report, "timedOut"), ShadowRig.Long(report, "compared")));
    }

    [Fact]
    public async Task DeadNewSide_ClientIsServed_AndShadowsCountedFailed()
    {
        using var closed = new ClosedPort();
        await using var rig = await ShadowRig.StartAsync(new JsonObject { ["noisePercentage"] = 0 }, edit: r => r["new"] = closed.Url);

        var (body, _, _) = await rig.Gateway.GetAsync("/customers/1", "u");

        Assert.Equal("legacy GET /customers/1", body);
        var report = await rig.SettledAsync(1);
        Assert.Equal((1L, 0L), (ShadowRig.Long(report, "failed"), ShadowRig.Long(report, "compared")));
    }

    [Fact]
    public async Task FullQueue_DropsAndCountsShadows_NeverTheClient()
    {
        await using var rig = await ShadowRig.StartAsync(new JsonObject { ["maxConcurrency"] = 1, ["queueLength"] = 1, ["noisePercentage"] = 0 });
        var release = new TaskCompletionSource();
        rig.New.Handler = async c =>
        {
            await release.Task.WaitAsync(c.RequestAborted);
            await c.Response.WriteAsync($"legacy GET {c.Request.Path}");
        };

        for (var i = 0; i < 6; i++)
        {
            var (body, _, _) = await rig.Gateway.GetAsync($"/customers/{i}", "u");
            Assert.Equal($"legacy GET /customers/{i}", body);
        }

        // One in flight and one queued at most: at least four of the six were dropped while the new side held.
        var held = await Eventually.UntilAsync(() => rig.ReportAsync(), r => ShadowRig.Long(r, "dropped") >= 4, "four drops");
        release.SetResult();
        var report = await rig.SettledAsync(6);
        Assert.Equal(6, ShadowRig.Long(report, "dropped") + ShadowRig.Long(report, "compared"));
        Assert.InRange(ShadowRig.Long(report, "compared"), 1, 2);
        Assert.Equal(ShadowRig.Long(held, "dropped"), ShadowRig.Long(report, "dropped"));
    }

    [Fact]
    public async Task BusyGateway_DropsShadowsAsBusy_NeverTheClient()
    {
        // A threshold of one tick (100 ns): any wait for a thread at all counts as busy, so once the first probes
        // have run, every shadow gives way.
        var name = "s" + Guid.NewGuid().ToString("N")[..12];
        // The drop counter's reason tags for this sub-domain, read from the instrument itself: every gateway host in
        // this process shares the meter's name, so a host's /metrics may show another's instruments instead.
        var busyDrops = new System.Collections.Concurrent.ConcurrentQueue<string?>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "strangler.gateway.shadow.dropped")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            if (Tag(tags, "subdomain") == name)
            {
                busyDrops.Enqueue(Tag(tags, "reason"));
            }
        });
        listener.Start();
        await using var rig = await ShadowRig.StartAsync(new JsonObject { ["noisePercentage"] = 0 },
            settings: new Dictionary<string, string?> { ["Strangler:Gateway:Shadow:BusyThreshold"] = "00:00:00.0000001" },
            edit: r => r["name"] = name);
        // Until the first probes have run the gateway is not yet known to be busy: wait for a first drop.
        var warm = await Eventually.UntilAsync(async () =>
        {
            await rig.Gateway.GetAsync("/customers/warm", "u");
            return await rig.ReportAsync(name);
        }, r => ShadowRig.Long(r, "dropped") >= 1, "a first shadow dropped as busy");
        await Eventually.UntilAsync(() => rig.ReportAsync(name), r => ShadowRig.Long(r, "compared") + ShadowRig.Long(r, "dropped") ==
            rig.Legacy.Requests.Count, "the warm-up settled");
        warm = await rig.ReportAsync(name);

        for (var i = 0; i < 5; i++)
        {
            var (body, _, _) = await rig.Gateway.GetAsync($"/customers/{i}", "u");
            Assert.Equal($"legacy GET /customers/{i}", body);
        }

        var report = await Eventually.UntilAsync(() => rig.ReportAsync(name),
            r => ShadowRig.Long(r, "dropped") >= ShadowRig.Long(warm, "dropped") + 5, "five more drops");
        Assert.Equal(ShadowRig.Long(warm, "dropped") + 5, ShadowRig.Long(report, "dropped"));
        Assert.Equal(ShadowRig.Long(warm, "compared"), ShadowRig.Long(report, "compared"));
        Assert.Equal(ShadowRig.Long(report, "dropped"), busyDrops.Count(reason => reason == "busy"));
        Assert.Equal(busyDrops.Count, busyDrops.Count(reason => reason == "busy"));
    }

    [Fact]
    public async Task ShadowsInFlight_NeverExceedMaxConcurrency()
    {
        await using var rig = await ShadowRig.StartAsync(new JsonObject { ["maxConcurrency"] = 2, ["noisePercentage"] = 0 });
        var inFlight = 0;
        var most = 0;
        rig.New.Handler = async c =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref most, now);
            await Task.Delay(150);
            Interlocked.Decrement(ref inFlight);
            await c.Response.WriteAsync($"legacy GET {c.Request.Path}");
        };

        await Task.WhenAll(Enumerable.Range(0, 12).Select(i => rig.Gateway.GetAsync($"/customers/{i}", $"u{i}")));

        var report = await rig.SettledAsync(12);
        Assert.Equal((12L, 0L), (ShadowRig.Long(report, "compared"), ShadowRig.Long(report, "differing")));
        Assert.InRange(most, 1, 2);
    }

    [Fact]
    public async Task Sampling_IsStickyPerUser()
    {
        await using var rig = await ShadowRig.StartAsync(new JsonObject { ["percentage"] = 30, ["noisePercentage"] = 0 });
        var users = Enumerable.Range(0, 60).Select(i => $"user-{i}").ToArray();
        var expected = users.Where(u => CanaryBucket.IsNew(CanaryBucket.Of("shadow:customers", u), 30)).ToHashSet();

        foreach (var user in users.Concat(users))
        {
            await rig.Gateway.GetAsync("/customers/1", user);
        }

        await rig.SettledAsync(expected.Count * 2);
        var perUser = rig.New.Requests.GroupBy(r => r.Headers["x-user-id"]).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(expected.Order(), perUser.Keys.Order());
        Assert.All(perUser.Values, count => Assert.Equal(2, count));
        Assert.InRange(expected.Count, 6, 36);
    }

    [Fact]
    public async Task Canary_OnlyRequestsLegacyServesAreShadowed()
    {
        await using var rig = await ShadowRig.StartAsync(new JsonObject { ["noisePercentage"] = 0 }, mode: "canary", percentage: 50);
        var onLegacy = 0;
        for (var i = 0; i < 40; i++)
        {
            var (_, servedBy, _) = await rig.Gateway.GetAsync("/customers/1", $"user-{i}");
            onLegacy += servedBy!.StartsWith("legacy", StringComparison.Ordinal) ? 1 : 0;
        }

        await rig.SettledAsync(onLegacy);
        Assert.InRange(onLegacy, 5, 35);
        Assert.Equal(onLegacy, rig.New.ShadowsSeen());
        Assert.Equal(40 - onLegacy, rig.New.Requests.Count - onLegacy);
    }

    [Fact]
    public async Task NewMode_KeepsTheBlockButShadowsNothing()
    {
        await using var rig = await ShadowRig.StartAsync(new JsonObject(), mode: "new");

        await rig.Gateway.GetAsync("/customers/1", "u");

        var report = await rig.ReportAsync();
        Assert.False(report["active"]!.GetValue<bool>());
        Assert.Equal(0, rig.New.ShadowsSeen());
        Assert.Empty(rig.Legacy.Requests);
    }

    [Fact]
    public async Task LiveReload_TurnsShadowOnAndOff()
    {
        var shadow = new JsonObject { ["maxConcurrency"] = 1, ["noisePercentage"] = 0 };
        await using var rig = await ShadowRig.StartAsync(shadow);
        var admin = rig.Gateway.Service<RouteAdmin>();
        await rig.Gateway.GetAsync("/customers/a", "u");
        await rig.SettledAsync(1);

        var off = RouteFiles.Route("customers", rig.Legacy.Url, rig.New.Url);
        off["revision"] = 2;
        RouteFiles.Write(rig.RoutesDirectory, off);
        Assert.True(await Eventually.TrueAsync(() => admin.GetRoutes().Routes.Single().Route.Revision == 2));
        await rig.Gateway.GetAsync("/customers/b", "u");
        await rig.Gateway.GetAsync("/customers/b", "u");

        var on = RouteFiles.Route("customers", rig.Legacy.Url, rig.New.Url);
        on["revision"] = 3;
        on["shadow"] = shadow.DeepClone();
        RouteFiles.Write(rig.RoutesDirectory, on);
        Assert.True(await Eventually.TrueAsync(() => admin.GetRoutes().Routes.Single().Route.Revision == 3));
        await rig.Gateway.GetAsync("/customers/c", "u");

        // One worker serves the lane in order: had /b been shadowed, it would be compared before /c.
        await rig.SettledAsync(2);
        Assert.Equal(["/customers/a", "/customers/c"], rig.New.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task Metrics_CountShadowsPerSubdomainAndEndpoint_AndPublishTheDiffRate()
    {
        var name = "s" + Guid.NewGuid().ToString("N")[..12];
        await using var rig = await ShadowRig.StartAsync(new JsonObject { ["noisePercentage"] = 0 },
            edit: r => r["name"] = name);
        rig.New.Handler = c => c.Response.WriteAsync("different");
        await rig.Gateway.GetAsync("/customers/1", "u");
        await rig.Gateway.GetAsync("/customers/2", "u");
        await Eventually.UntilAsync(() => rig.ReportAsync(name), r => ShadowRig.Long(r, "compared") == 2, "two compared");

        var text = "";
        var found = await Eventually.TrueAsync(async () =>
        {
            text = await rig.Gateway.Client.GetStringAsync("/metrics");
            return Has(text, "strangler_gateway_shadow_differing_total", name, "2");
        });

        Assert.True(found, text);
        Assert.Contains(text.Split('\n'), l => l.StartsWith("strangler_gateway_shadow_differing_total{", StringComparison.Ordinal)
            && l.Contains($"endpoint=\"GET /customers/{{id}}\",subdomain=\"{name}\"", StringComparison.Ordinal));
        Assert.True(Has(text, "strangler_gateway_shadow_sent_total", name, "2"), text);
        Assert.True(Has(text, "strangler_gateway_shadow_compared_total", name, "2"), text);
        Assert.True(Has(text, "strangler_gateway_shadow_diff_rate", name, "1"), text);
    }

    private static bool Has(string text, string metric, string subdomain, string value) =>
        text.Split('\n').Any(line => line.StartsWith(metric + "{", StringComparison.Ordinal)
            && line.Contains($"subdomain=\"{subdomain}\"", StringComparison.Ordinal)
            && (line.Split(' ')[^1] == value || line.Split(' ')[^2] == value));

    private static string? Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string name)
    {
        foreach (var (key, value) in tags)
        {
            if (key == name)
            {
                return value as string;
            }
        }

        return null;
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
