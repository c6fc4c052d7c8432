using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Strangler.Dashboard.Tests.Infrastructure;

namespace Strangler.Dashboard.Tests.Rollout;

/// <summary>
/// Regressions of a rolled-back rollout's card: its steps no longer marked the step it had reached and failed at, and
/// the last evaluation's red "circuit breaker is open" line stayed, reading as the present, after a person had flipped
/// the route back and the breaker had closed.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RolloutCardAfterRollbackTests(Chromium chromium, Upstreams upstreams)
{
    private static readonly LocatorAssertionsToHaveTextOptions Text = new() { Timeout = 30_000 };

    [Fact]
    public async Task ARolledBackCard_MarksTheStepItFailedAt_AndSaysTheGatesAreNoLongerThePresent_OnceTheBreakerClosed()
    {
        Assert.SkipWhen(chromium.SkipReason is not null, chromium.SkipReason ?? "");
        // One failure opens the breaker, for 3 s: the evaluation that sees the new side fail sees the breaker open.
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams, new Dictionary<string, string?>
        {
            ["Strangler:Gateway:Rollout:TickInterval"] = "00:00:00.200",
            ["Strangler:Gateway:Breaker:FailureThreshold"] = "1",
            ["Strangler:Gateway:Breaker:OpenDuration"] = "00:00:03",
        });
        var (client, csrf) = await gateway.SignedInClientAsync();
        using var __ = client;
        await RolloutPlanFile.AddAsync(gateway, client,
            """{"steps": [5, 25, 100], "bakeSeconds": 4, "intervalSeconds": 1, "minRequests": 2, "gates": {"errorRateMargin": 0.01}}""");
        await RolloutStart.CustomersAsync(client, csrf, "card drill");
        using var traffic = new HttpClient { BaseAddress = new Uri(gateway.Url) };

        // 5 % passes and bakes, then 25 % fails: rolled back there, at step 1.
        Assert.True(await Eventually.TrueAsync(async () =>
        {
            await SendAsync(traffic, "/customers/{0}");
            return (await RolloutAsync(client)).GetProperty("view").GetProperty("state").GetProperty("step").GetInt32() == 1;
        }), "the rollout did not reach 25 %: " + await client.GetStringAsync("/_strangler/ui/rollouts"));
        Assert.True(await Eventually.TrueAsync(async () =>
        {
            await SendAsync(traffic, "/customers/broken/{0}");
            return (await RolloutAsync(client)).GetProperty("view").GetProperty("state").GetProperty("status").GetString() == "rolled-back";
        }), "the rollout did not roll back: " + await client.GetStringAsync("/_strangler/ui/rollouts"));

        await using var context = await chromium.NewContextAsync();
        var page = await SignInAsync(context, gateway.Url);
        var card = page.Locator("article.rollout-card[data-subdomain='customers']");
        await Assertions.Expect(card.Locator(".rollout-status")).ToHaveTextAsync(" rolled-back", Text);
        await Assertions.Expect(card.Locator(".rollout-steps li")).ToHaveTextAsync(["5%", "25% ✗", "100%"]);
        await Assertions.Expect(card.Locator(".rollout-steps li.done")).ToHaveTextAsync(["5%"]);
        var failed = card.Locator(".rollout-steps li.failed");
        await Assertions.Expect(failed).ToHaveTextAsync(["25% ✗"]);
        await Assertions.Expect(failed).ToHaveAttributeAsync("title", "rolled back at this step");
        var errors = card.Locator("table.rollout-gates tbody tr").Filter(new() { HasText = "errors" });
        await Assertions.Expect(errors.Locator("td.outcome-fail")).ToHaveTextAsync("✗ fail (the new side's circuit breaker is open)");
        // Right after the rollback the route serves legacy: the lines are why it rolled back, not how canary 25 % is now.
        var evaluated = card.Locator(".rollout-evaluated");
        await Assertions.Expect(evaluated).ToHaveTextAsync(Evaluated("; since then the route serves legacy: these results are not the present state."), Text);
        await Assertions.Expect(card.Locator("table.rollout-gates")).ToHaveClassAsync("rollout-gates stale");

        // A person puts the route back on canary 25 %, the mode judged: while the breaker is still open, the line holds.
        using var flip = new HttpRequestMessage(HttpMethod.Post, "/_strangler/ui/flip")
        {
            Content = JsonContent.Create(new { subdomain = "customers", mode = "canary", percentage = 25, reason = "fixed, trying again" }),
        };
        flip.Headers.Add("X-CSRF-Token", csrf);
        (await client.SendAsync(flip, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        await Assertions.Expect(evaluated).ToHaveTextAsync(Evaluated("."), Text);
        await Assertions.Expect(card.Locator("table.rollout-gates")).ToHaveClassAsync("rollout-gates");

        // Healthy traffic: once the open period ends a trial on new closes the breaker, and the card says so.
        Assert.True(await Eventually.TrueAsync(async () =>
        {
            await SendAsync(traffic, "/customers/{0}");
            return (await RolloutAsync(client)).GetProperty("breakerClosedSince").GetBoolean();
        }), "the breaker did not close: " + await client.GetStringAsync("/_strangler/ui/rollouts"));
        await Assertions.Expect(evaluated).ToHaveTextAsync(
            Evaluated("; since then the new side's circuit breaker has closed: these results are not the present state."), Text);
        await Assertions.Expect(card.Locator("table.rollout-gates")).ToHaveClassAsync("rollout-gates stale");
        await Assertions.Expect(card.Locator(".rollout-status")).ToHaveTextAsync(" rolled-back");
        await page.Locator("#rollout-title").EvaluateAsync("e => e.scrollIntoView()");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts")).FullName, "rollout-card-after-rollback.png") });
    }

    // "Last evaluation 14:02:03 UTC (3 s ago), of canary 25%" and what follows it.
    private static Regex Evaluated(string rest) =>
        new($@"^Last evaluation \d\d:\d\d:\d\d \S+ \(\d+ (s|min) ago\), of canary 25%{Regex.Escape(rest)}$");

    // Users spread over the canary's cohort (X-User-Id, the route's userKey).
    private static async Task SendAsync(HttpClient traffic, string path)
    {
        for (var i = 0; i < 20; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, string.Format(System.Globalization.CultureInfo.InvariantCulture, path, i));
            request.Headers.Add("X-User-Id", Guid.NewGuid().ToString("N"));
            using var _ = await traffic.SendAsync(request, TestContext.Current.CancellationToken);
        }
    }

    private static async Task<JsonElement> RolloutAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/_strangler/ui/rollouts", TestContext.Current.CancellationToken))
        .GetProperty("rollouts").EnumerateArray().Single(r => r.GetProperty("view").GetProperty("subdomain").GetString() == "customers");

    private static async Task<IPage> SignInAsync(IBrowserContext context, string url)
    {
        var page = await context.NewPageAsync();
        await page.SignInAsync(url);
        return page;
    }
}
