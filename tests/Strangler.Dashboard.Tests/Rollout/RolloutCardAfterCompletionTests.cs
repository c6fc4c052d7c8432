using System.Text.Json;
using Microsoft.Playwright;
using Strangler.Dashboard.Tests.Infrastructure;

namespace Strangler.Dashboard.Tests.Rollout;

/// <summary>
/// Regression: a completed rollout's card offered "Start", which flips the route from new back to the first step; only
/// the dialog behind it said so. The button now reads "Restart" there, and the dialog keeps saying what it does.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RolloutCardAfterCompletionTests(Chromium chromium, Upstreams upstreams)
{
    private static readonly LocatorAssertionsToHaveTextOptions Text = new() { Timeout = 30_000 };

    [Fact]
    public async Task ACompletedRollout_OffersRestart_NotStart_AndItsDialogSaysTheRouteGoesBackFromNew()
    {
        Assert.SkipWhen(chromium.SkipReason is not null, chromium.SkipReason ?? "");
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams, new Dictionary<string, string?>
        {
            ["Strangler:Gateway:Rollout:TickInterval"] = "00:00:00.200",
        });
        var (client, csrf) = await gateway.SignedInClientAsync();
        using var __ = client;
        // The HTTP check gate passes on the legacy upstream's 200 without any traffic: a second of baking per step.
        await RolloutPlanFile.AddAsync(gateway, client,
            $$$"""{"steps": [5, 25, 100], "bakeSeconds": 1, "intervalSeconds": 1, "gates": {"httpCheck": "{{{upstreams.Legacy.Url}}}/check"}}""");
        await RolloutStart.CustomersAsync(client, csrf, "to the end");
        Assert.True(await Eventually.TrueAsync(async () => await StatusAsync(client) == "completed", seconds: 60),
            "the rollout did not complete: " + await client.GetStringAsync("/_strangler/ui/rollouts"));

        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync(gateway.Url);
        var card = page.Locator("article.rollout-card[data-subdomain='customers']");
        await Assertions.Expect(card.Locator(".rollout-status")).ToHaveTextAsync("completed", Text);
        await RolloutPanelPageTests.TitleAsync(card, "completed", "status-completed", "new", "mode-new");

        var restart = card.Locator(".rollout-actions button");
        await Assertions.Expect(restart).ToHaveTextAsync(["Restart"]);
        await Assertions.Expect(card.GetByRole(AriaRole.Button, new() { Name = "Start", Exact = true })).ToHaveCountAsync(0);
        await restart.ClickAsync();

        var dialog = page.Locator("#rollout-dialog");
        await Assertions.Expect(dialog.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Restart the rollout of customers");
        await Assertions.Expect(dialog.Locator("#rollout-summary")).ToHaveTextAsync(
            "Restart flips customers from new to canary 5% now; then judges the gates every 1 s, moves to the next step " +
            "after 1 s of passing, up to new, and rolls back to legacy on a failed gate.");
        await dialog.GetByLabel("Reason (required; recorded in the history)").FillAsync("once more");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Restart rollout" }).ClickAsync();
        await Assertions.Expect(dialog).ToBeHiddenAsync(new() { Timeout = 30_000 });
        // It does what it said: the route went from new back to the first step.
        await Assertions.Expect(page.Locator("#history tbody")).ToContainTextAsync(
            "rollout: start 100% -> 5% (by dashboard: once more)", new() { Timeout = 30_000 });
    }

    private static async Task<string?> StatusAsync(HttpClient client)
    {
        using var body = JsonDocument.Parse(await client.GetStringAsync("/_strangler/ui/rollouts", TestContext.Current.CancellationToken));
        var rollout = body.RootElement.GetProperty("rollouts").EnumerateArray()
            .Single(r => r.GetProperty("view").GetProperty("subdomain").GetString() == "customers");
        return rollout.GetProperty("view").GetProperty("state") is { ValueKind: JsonValueKind.Object } state
            ? state.GetProperty("status").GetString()
            : null;
    }
}
