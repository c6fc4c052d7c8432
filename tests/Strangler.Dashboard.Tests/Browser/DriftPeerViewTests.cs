using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;
using Strangler.Dashboard.Tests.Infrastructure;

namespace Strangler.Dashboard.Tests.Browser;

/// <summary>The sync table's drift figure agrees with the rollout's drift gate when a peer worker is catching up.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DriftPeerViewTests(Chromium chromium, Upstreams upstreams)
{
    private static readonly LocatorAssertionsToHaveTextOptions Wait = new() { Timeout = 30_000 };

    [Fact]
    // Bug: the caught-up worker's drift showed in alarm style ("drift drifting") while the gate held on it
    // (DriftGate.PeerCatchingUp): its sample counts the lagging peer's changes on their way.
    public async Task CaughtUpWorker_WhilePeerCatchesUp_ShowsItsDriftHeldNamingThePeer()
    {
        await using var caughtUp = await KestrelHost.StartAsync(app => app.MapGet("/_strangler/sync/status", () =>
            Results.Text(Status(catchingUp: null, differing: 20), "application/json")));
        await using var behind = await KestrelHost.StartAsync(app => app.MapGet("/_strangler/sync/status", () =>
            Results.Text(Status(catchingUp: "\"lag 120 s over 30 s\"", differing: 30), "application/json")));
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams, new Dictionary<string, string?>
        {
            ["Strangler:Dashboard:SyncStatusUrls:0"] = caughtUp.Url,
            ["Strangler:Dashboard:SyncStatusUrls:1"] = behind.Url,
            ["Strangler:Dashboard:SyncPollInterval"] = "00:00:01",
        });
        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync(gateway.Url);

        var rows = page.Locator("#sync tr[data-pipeline='customers-projection']");
        await Assertions.Expect(rows).ToHaveCountAsync(2, new() { Timeout = 30_000 });
        var held = rows.Locator("td.progress span.drift", new() { HasText = "held" });
        await Assertions.Expect(held).ToHaveTextAsync($" · drift 40.0% (20/50) held: {behind.Url}/_strangler/sync/status is catching up", Wait);
        await Assertions.Expect(held).Not.ToHaveClassAsync(new Regex("drifting"));
        Assert.Contains("lag 120 s over 30 s", await held.GetAttributeAsync("title"));
        await Assertions.Expect(rows.Locator("td.progress span.drift", new() { HasText = "while catching up" }))
            .ToHaveTextAsync(" · drift 60.0% (30/50) while catching up", Wait);
        await Assertions.Expect(page.Locator("#sync span.drifting")).ToHaveCountAsync(0);
    }

    private static string Status(string? catchingUp, int differing) =>
        $$"""{"pipelines":[{"name":"customers-projection","kind":"projection","subdomain":"customers","applied":10,"skipped":0,"deadLettered":0,"retried":0,"lagSeconds":0.1,"consumerLag":0,"partitions":1}],"drift":[{"projection":"customers-projection","at":"{{DateTimeOffset.UtcNow:O}}","sampled":50,"differing":{{differing}},"drift":{{differing / 50.0}},"intervalSeconds":60,"catchingUp":{{catchingUp ?? "null"}},"partitions":1}]}""";
}
