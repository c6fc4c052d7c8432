using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Strangler.Dashboard.Tests.Infrastructure;

namespace Strangler.Dashboard.Tests.Rollout;

/// <summary>
/// Regression: right after the rollout promoted canary 5 % to 25 %, its card greyed the gates that had just passed and
/// said "since then the route serves canary 25%: these results are not the present state", the words it uses for a
/// route someone else moved. The rollout's own move is now said as such; a person's flip is still greyed.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RolloutCardAfterPromotionTests(Chromium chromium, Upstreams upstreams)
{
    private static readonly LocatorAssertionsToHaveTextOptions Text = new() { Timeout = 30_000 };

    [Fact]
    public async Task AfterItsOwnPromotion_TheCardSaysTheRolloutMovedTheRoute_WithoutGreying_AndGreysOnceAPersonFlipsIt()
    {
        Assert.SkipWhen(chromium.SkipReason is not null, chromium.SkipReason ?? "");
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams, new Dictionary<string, string?>
        {
            ["Strangler:Gateway:Rollout:TickInterval"] = "00:00:00.200",
        });
        var (client, csrf) = await gateway.SignedInClientAsync();
        using var __ = client;
        // The interval is the window between the promotion and the evaluation of 25 %, which changes the text looked
        // for: long enough for the page's 2 s refresh on a machine loaded by the rest of the suite (8 s held in three
        // full runs, with little to spare). The bake is as long: an interval may not be longer.
        await RolloutPlanFile.AddAsync(gateway, client,
            """{"steps": [5, 25, 100], "bakeSeconds": 15, "intervalSeconds": 15, "minRequests": 2, "gates": {"errorRateMargin": 0.01}}""");
        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync(gateway.Url);
        await RolloutStart.CustomersAsync(client, csrf, "promotion drill");
        using var traffic = new HttpClient { BaseAddress = new Uri(gateway.Url) };

        Assert.True(await Eventually.TrueAsync(async () =>
        {
            await SendAsync(traffic);
            return (await RolloutAsync(client)).GetProperty("view").GetProperty("state").GetProperty("step").GetInt32() == 1;
        }, seconds: 60), "the rollout did not reach 25 %: " + await client.GetStringAsync("/_strangler/ui/rollouts"));

        var card = page.Locator("article.rollout-card[data-subdomain='customers']");
        var evaluated = card.Locator(".rollout-evaluated");
        await Assertions.Expect(evaluated).ToHaveTextAsync(
            Evaluated("; the rollout moved the route to canary 25% after these passed; the next evaluation judges it."), Text);
        await Assertions.Expect(card.Locator("table.rollout-gates")).ToHaveClassAsync("rollout-gates");

        // A person's flip to a mode the rollout did not set: greyed, as before.
        using var flip = new HttpRequestMessage(HttpMethod.Post, "/_strangler/ui/flip")
        {
            Content = JsonContent.Create(new { subdomain = "customers", mode = "canary", percentage = 40, reason = "holding at 40" }),
        };
        flip.Headers.Add("X-CSRF-Token", csrf);
        (await client.SendAsync(flip, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        await Assertions.Expect(evaluated).ToHaveTextAsync(
            Evaluated("; since then the route serves canary 40%: these results are not the present state."), Text);
        await Assertions.Expect(card.Locator("table.rollout-gates")).ToHaveClassAsync("rollout-gates stale");
    }

    // "Last evaluation 14:02:03 UTC (3 s ago), of canary 5%" and what follows it.
    private static Regex Evaluated(string rest) =>
        new($@"^Last evaluation \d\d:\d\d:\d\d \S+ \(\d+ (s|min) ago\), of canary 5%{Regex.Escape(rest)}$");

    // Users spread over the canary's cohort (X-User-Id, the route's userKey).
    private static async Task SendAsync(HttpClient traffic)
    {
        for (var i = 0; i < 20; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/customers/{i}");
            request.Headers.Add("X-User-Id", Guid.NewGuid().ToString("N"));
            using var _ = await traffic.SendAsync(request, TestContext.Current.CancellationToken);
        }
    }

    private static async Task<JsonElement> RolloutAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/_strangler/ui/rollouts", TestContext.Current.CancellationToken))
        .GetProperty("rollouts").EnumerateArray().Single(r => r.GetProperty("view").GetProperty("subdomain").GetString() == "customers");
}
