using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;
using Strangler.Dashboard.Tests.Infrastructure;

namespace Strangler.Dashboard.Tests.Browser;

/// <summary>
/// What made the dashboard hard to read at a laptop's width during the demo: times with no zone and a date that reads
/// two ways ("01/12/2026, 11:20:51" beside the CLI's UTC), a consumer group's committed offsets as one run of
/// "topic[p] -1001" repeated per partition, and a long endpoint from traffic widening the Shadow table past the window.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ReadabilityTests(Chromium chromium, Upstreams upstreams)
{
    private static readonly LocatorAssertionsToHaveTextOptions Wait = new() { Timeout = 30_000 };

    // Tokyo has no summer time, so the zone's name does not depend on the date the test runs.
    private async Task<(IBrowserContext Context, IPage Page)> SignedInLaptopAsync(string url)
    {
        if (chromium.Browser is null)
        {
            Assert.Skip(chromium.SkipReason ?? "Chromium did not start");
        }

        var context = await chromium.Browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = 1280, Height = 720 }, TimezoneId = "Asia/Tokyo", Locale = "en-GB",
        });
        var page = await context.NewPageAsync();
        await page.SignInAsync(url);
        await Assertions.Expect(page.Locator("#dashboard")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        return (context, page);
    }

    [Fact]
    public async Task Times_NameTheirZone_AndTheirDateReadsOneWay()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams);
        var (context, page) = await SignedInLaptopAsync(gateway.Url);
        await using var _ = context;
        await page.RouteAsync("**/ui/history", route => route.FulfillAsync(new()
        {
            Status = 200, ContentType = "application/json",
            Body = """[{"revision":3,"at":"2026-01-12T03:04:05Z","actor":"ada","subdomain":"customers","action":"flip","from":"legacy","to":"new","reason":"cutover"}]""",
        }));

        // 03:04:05 UTC is 12:04:05 in Tokyo, on 12 January (not "12/01/2026").
        await Assertions.Expect(page.Locator("#history tbody tr[data-revision='3'] td.time")).ToHaveTextAsync(new Regex(@"^2026-01-12 12:04:05 (GMT\+9|JST)$"), Wait);
        await Assertions.Expect(page.Locator("#updated")).ToHaveTextAsync(new Regex(@"^Updated \d{2}:\d{2}:\d{2} (GMT\+9|JST)$"), Wait);
    }

    [Fact]
    public async Task AtALaptopsWidth_CommittedOffsetsReadPerTopic_AndALongEndpointWraps()
    {
        await using var worker = await KestrelHost.StartAsync(app => app.MapGet("/_strangler/sync/status", () => Results.Text(
            """{"pipelines":[{"name":"customers-projection","kind":"projection","subdomain":"customers","applied":13,"committedOffsets":[{"topic":"legacy.dbo.Addresses","partition":0,"offset":null},{"topic":"legacy.dbo.Addresses","partition":1,"offset":3},{"topic":"legacy.dbo.Customers","partition":0,"offset":7}]}]}""",
            "application/json")));
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams, new Dictionary<string, string?>
        {
            ["Strangler:Dashboard:SyncStatusUrls:0"] = worker.Url,
            ["Strangler:Dashboard:SyncPollInterval"] = "00:00:00.500",
        });
        var (context, page) = await SignedInLaptopAsync(gateway.Url);
        await using var _ = context;
        var endpoint = "GET /customers/search/by-postal-region/" + string.Concat(Enumerable.Repeat("EU-WEST-NORTHERN-DISTRICT/", 6)) + new string('z', 120);
        await page.RouteAsync("**/ui/shadow*", route => route.FulfillAsync(new()
        {
            Status = 200, ContentType = "application/json",
            Body = route.Request.Url.Contains("subdomain=", StringComparison.Ordinal)
                ? $$"""{"subdomain":"customers","active":true,"compared":3,"differing":0,"diffRate":0,"dropped":0,"timedOut":0,"failed":0,"tooLarge":0,"endpoints":[{"endpoint":"{{endpoint}}","compared":3,"differing":0,"diffRate":0,"noiseRate":null,"dropped":0,"timedOut":0,"failed":0,"tooLarge":0,"legacy":{"p50Ms":1.1,"p99Ms":5.7},"new":{"p50Ms":0.8,"p99Ms":5.7},"fields":[],"noiseFields":[]}]}"""
                : """{"subdomains":[{"subdomain":"customers","active":true,"compared":3,"differing":0,"diffRate":0,"dropped":0,"timedOut":0,"failed":0}]}""",
        }));

        var committed = page.Locator("#sync tr[data-pipeline='customers-projection'] td.committed div");
        await Assertions.Expect(committed).ToHaveTextAsync(["legacy.dbo.Addresses[0] none, [1] 3", "legacy.dbo.Customers[0] 7"], new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#shadow-endpoints tbody button")).ToHaveTextAsync(endpoint, Wait);
        var wrappers = await page.EvaluateAsync<string[]>(
            "() => [...document.querySelectorAll('#dashboard .scroll')].filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.querySelector('table')?.id ?? '?')");
        Assert.Empty(wrappers);
    }
}
