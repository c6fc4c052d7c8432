using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Strangler.Dashboard.Tests.Infrastructure;

namespace Strangler.Dashboard.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class ShadowPanelTests(Chromium chromium, Upstreams upstreams)
{
    private static readonly LocatorAssertionsToHaveTextOptions Wait = new() { Timeout = 30_000 };

    // Regression: with no route shadowing, the panel showed an empty Sub-domain dropdown over an empty table's head and
    // a terse "No route has a shadow block." beside them. It now says what to do, and the panel comes once a route
    // shadows (the page's 10 s refresh, no reload).
    [Fact]
    public async Task WithNoRouteShadowing_ThePanelSaysHowToStart_AndShowsTheTableOnceARouteHasAShadowBlock()
    {
        Assert.SkipWhen(chromium.SkipReason is not null, chromium.SkipReason ?? "");
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams);
        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync(gateway.Url);

        var empty = page.Locator("#shadow-empty");
        await Assertions.Expect(empty).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(empty).ToHaveTextAsync(
            "No route is shadowing traffic. To compare the new service's answers with legacy's before it serves anyone, " +
            "add a shadow block to a legacy or canary route's file (routes/<name>.json), e.g. \"shadow\": {\"percentage\": 100}; " +
            "the gateway reloads it (with a route store: strangler routes apply) and this panel fills in.");
        await Assertions.Expect(page.Locator("#shadow-subdomain")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#shadow-endpoints")).ToBeHiddenAsync();

        await AddShadowBlockAsync(gateway);

        var select = page.Locator("#shadow-subdomain");
        await Assertions.Expect(select).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(select.Locator("option")).ToHaveTextAsync(["customers (– differing of 0)"]);
        await Assertions.Expect(page.Locator("#shadow-endpoints")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#shadow-summary")).ToContainTextAsync("shadow on: 0 compared");
        await Assertions.Expect(empty).ToBeHiddenAsync();
    }

    [Fact]
    public async Task Operator_FindsTheDifferingEndpoint_ThenTheField_ThenTheSamplePairWithTheDifferenceMarked()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams);
        await AddShadowBlockAsync(gateway);
        using var traffic = gateway.Client();
        // The watcher picks up the shadow block within a moment; until then requests are not shadowed.
        Assert.True(await Eventually.TrueAsync(async () =>
        {
            await gateway.SendAsync(traffic, "/customers/{i}", 1, "legacy");
            return UpstreamsSawShadow();
        }), "shadow never turned on");
        await gateway.SendAsync(traffic, "/customers/{i}", 5, "legacy");
        // An EventSource's request: not replayed, counted skipped by reason in the panel's summary.
        using (var events = new HttpRequestMessage(HttpMethod.Get, new Uri(gateway.Url + "/customers/events")))
        {
            events.Headers.Accept.ParseAdd("text/event-stream");
            using var answer = await traffic.SendAsync(events, TestContext.Current.CancellationToken);
        }

        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.SignInAsync(gateway.Url);

        var endpoint = page.Locator("#shadow-endpoints tbody tr").First;
        await Assertions.Expect(endpoint).ToContainTextAsync("GET /customers/{id}", new() { Timeout = 30_000 });
        await Assertions.Expect(endpoint.Locator("td").Nth(3)).ToHaveTextAsync("100.0 %", Wait);
        await Assertions.Expect(page.Locator("#shadow-summary")).ToContainTextAsync("1 skipped (event_stream 1)", new() { Timeout = 30_000 });
        // And on its endpoint's row, which was compared 0 times: the table said nothing of it before.
        var streamed = page.Locator("#shadow-endpoints tbody tr", new() { HasText = "/customers/events" });
        await Assertions.Expect(streamed.Locator("td").Nth(7)).ToHaveTextAsync("1 (event_stream 1)", Wait);
        await Assertions.Expect(endpoint.Locator("td").Nth(7)).ToHaveTextAsync("0", Wait);
        await page.GetByRole(AriaRole.Button, new() { Name = "Show the fields of GET /customers/{id}" }).ClickAsync();
        var field = page.Locator("#shadow-fields tbody tr").First;
        await Assertions.Expect(field).ToContainTextAsync("body", new() { Timeout = 30_000 });
        await field.GetByRole(AriaRole.Button, new() { Name = "Sample 1" }).ClickAsync();
        await Assertions.Expect(page.Locator("#shadow-legacy span.diff")).ToHaveTextAsync("legacy", Wait);
        await Assertions.Expect(page.Locator("#shadow-new span.diff")).ToHaveTextAsync("new", Wait);
        await Assertions.Expect(page.Locator("#shadow-sample-request")).ToContainTextAsync(new Regex("GET /customers/\\d+"), new() { Timeout = 30_000 });
        await page.ScreenshotAsync(new() { Path = Path.Combine(Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts")).FullName, "shadow-panel.png"), FullPage = true });

        bool UpstreamsSawShadow() => gateway.Services.GetService(typeof(Strangler.Gateway.Shadow.IShadowDiffRates)) is Strangler.Gateway.Shadow.IShadowDiffRates rates
            && rates.Count("customers", DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1)).Compared > 0;
    }

    // As a person editing the file would; the gateway's watcher reloads it.
    private static async Task AddShadowBlockAsync(GatewayUnderTest gateway)
    {
        var file = Path.Combine(gateway.RoutesDirectory, "customers.json");
        var route = JsonNode.Parse(await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken))!.AsObject();
        route["shadow"] = new JsonObject { ["noisePercentage"] = 0 };
        route["revision"] = 2;
        await File.WriteAllTextAsync(file + ".tmp", route.ToJsonString(), TestContext.Current.CancellationToken);
        File.Move(file + ".tmp", file, overwrite: true);
    }
}
