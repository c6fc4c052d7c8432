using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;
using Strangler.Dashboard.Tests.Infrastructure;

namespace Strangler.Dashboard.Tests.Browser;

/// <summary>
/// A pipeline retrying a batch it keeps failing to apply shows on the sync card and in the sync table as a problem, and
/// goes once its worker recovers. Before, only <c>retried</c> grew there until <c>stalled</c>, minutes later.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SyncFailingViewTests(Chromium chromium, Upstreams upstreams)
{
    private static readonly LocatorAssertionsToHaveTextOptions Wait = new() { Timeout = 30_000 };

    [Fact]
    public async Task A_failing_batch_shows_since_attempts_and_the_error_as_text_and_goes_when_the_worker_recovers()
    {
        // The error is the worker's text; one that looks like markup stays text on the page.
        const string error = "the store write failed: MongoDB timed out on <b id=\"injected\">customers</b>";
        var failing = true;
        await using var worker = await KestrelHost.StartAsync(app => app.MapGet("/_strangler/sync/status", () =>
            Results.Text(Status(failing ? $$"""{"since":"{{DateTimeOffset.UtcNow.AddSeconds(-20):O}}","attempts":6,"lastError":{{System.Text.Json.JsonSerializer.Serialize(error)}},"lastErrorAt":"{{DateTimeOffset.UtcNow:O}}","nextAttemptAt":"{{DateTimeOffset.UtcNow.AddSeconds(8):O}}"}""" : "null"),
                "application/json")));
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams, new Dictionary<string, string?>
        {
            ["Strangler:Dashboard:SyncStatusUrls:0"] = worker.Url,
            ["Strangler:Dashboard:SyncPollInterval"] = "00:00:00.500",
        });
        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync(gateway.Url);

        var card = page.Locator("tr[data-subdomain='customers'] td.sync span.batch-failing");
        var row = page.Locator("#sync tr[data-pipeline='customers-projection']");
        var shown = new Regex("^batch failing since .+, 6 attempt\\(s\\): " + Regex.Escape(error) + "$");
        await Assertions.Expect(card).ToHaveTextAsync(shown, Wait);
        await Assertions.Expect(card).ToHaveClassAsync(new Regex("\\bstale\\b"));
        await Assertions.Expect(row.Locator("td.progress span.batch-failing")).ToHaveTextAsync(shown, Wait);
        await Assertions.Expect(row).ToHaveClassAsync(new Regex("\\bfailing\\b"));
        Assert.Contains("next attempt at", await card.GetAttributeAsync("title"));
        await Assertions.Expect(page.Locator("#injected")).ToHaveCountAsync(0);
        // Its check, taken while the batch failed, counts the batch's changes as drift: held by the drift gate, not alarmed.
        var drift = row.Locator("td.progress span.drift");
        await Assertions.Expect(drift).ToHaveTextAsync(" · drift 40.0% (20/50) while a batch fails", Wait);
        await Assertions.Expect(drift).Not.ToHaveClassAsync(new Regex("drifting"));

        failing = false;
        await Assertions.Expect(card).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        await Assertions.Expect(row.Locator("span.batch-failing")).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        await Assertions.Expect(row).Not.ToHaveClassAsync(new Regex("\\bfailing\\b"));
        await Assertions.Expect(drift).ToHaveTextAsync(" · drift 40.0% (20/50)", Wait);
    }

    private static string Status(string failing) =>
        $$"""{"pipelines":[{"name":"customers-projection","kind":"projection","subdomain":"customers","applied":40,"skipped":0,"deadLettered":0,"retried":6,"lagSeconds":0.8,"lagAgeSeconds":20.1,"consumerLag":300,"partitions":1,"stalled":false,"kafka":{"reachable":true},"failing":{{failing}}}],"drift":[{"projection":"customers-projection","at":"{{DateTimeOffset.UtcNow:O}}","sampled":50,"differing":20,"drift":0.4,"intervalSeconds":60,"catchingUp":null,"partitions":1}]}""";
}
