using Microsoft.Playwright;
using Strangler.Dashboard.Tests.Infrastructure;

namespace Strangler.Dashboard.Tests.Browser;

/// <summary>
/// After a flip made from the page, the sub-domain's row and the history's newest entry show it at once, and stay
/// showing it. Regression: a history poll sent just before the flip and answered after the refresh the flip triggered
/// put the history from before the flip back on the page, where it stayed until the next 10 s poll (the row the same,
/// until its next 2 s poll).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RefreshAfterChangeTests(Chromium chromium, Upstreams upstreams)
{
    [Fact]
    public async Task AFlipFromThePage_ShowsInTheRowAndTheHistoryAtOnce_AndAnAnswerSentBeforeItDoesNotPutTheOldStateBack()
    {
        Assert.SkipWhen(chromium.SkipReason is not null, chromium.SkipReason ?? "");
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams);
        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync(gateway.Url);
        var route = page.Locator("tr[data-subdomain='customers'] td.route .mode");
        await Assertions.Expect(route).ToHaveTextAsync("legacy", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#history tbody tr")).Not.ToHaveCountAsync(0, new() { Timeout = 30_000 });

        // Every change of the newest history row's and the customers row's text, as the page makes it.
        await page.EvaluateAsync("""
            () => {
              window.seen = { history: [], route: [] };
              const note = () => {
                const newest = document.querySelector('#history tbody tr');
                const mode = document.querySelector("tr[data-subdomain='customers'] td.route .mode");
                const h = newest ? newest.textContent : '', r = mode ? mode.textContent : '';
                if (window.seen.history.at(-1) !== h) window.seen.history.push(h);
                if (window.seen.route.at(-1) !== r) window.seen.route.push(r);
              };
              new MutationObserver(note).observe(document.getElementById('dashboard'), { childList: true, subtree: true, characterData: true });
            }
            """);

        // One history poll and one overview poll answered by the gateway before the flip, delivered after it.
        var held = new List<(IRoute Route, IAPIResponse Response)>();
        var answered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holding = true;
        await page.RouteAsync(url => url.Contains("/ui/history") || url.Contains("/ui/overview"), async r =>
        {
            var path = new Uri(r.Request.Url).AbsolutePath;
            bool hold;
            lock (held)
            {
                hold = holding && !held.Exists(h => new Uri(h.Route.Request.Url).AbsolutePath == path);
                if (hold)
                {
                    held.Add((r, null!));
                }
            }

            if (!hold)
            {
                await r.ContinueAsync();
                return;
            }

            var response = await r.FetchAsync();
            lock (held)
            {
                held[held.FindIndex(h => h.Route == r)] = (r, response);
                if (held.Count == 2 && held.TrueForAll(h => h.Response is not null))
                {
                    holding = false;
                    answered.TrySetResult();
                }
            }

            await release.Task;
            await r.FulfillAsync(new() { Response = response });
        });
        // Changing the plots' span refreshes the history along with the plots; the overview polls every 2 s.
        await page.GetByLabel("span").SelectOptionAsync("360");
        await answered.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        await page.GetByRole(AriaRole.Button, new() { Name = "Change route of customers" }).ClickAsync();
        var dialog = page.Locator("#flip-dialog");
        await dialog.GetByLabel("Canary").CheckAsync();
        await dialog.GetByLabel("Share of users on the new service").FillAsync("50");
        await dialog.GetByLabel("Reason (recorded in the history)").FillAsync("first half of users");
        var clicked = DateTime.UtcNow;
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Confirm change" }).ClickAsync();

        // At once: well within the overview's 2 s poll, let alone the history's 10 s.
        var soon = new LocatorAssertionsToContainTextOptions { Timeout = 1_500 };
        await Assertions.Expect(route).ToContainTextAsync("canary 50%", soon);
        await Assertions.Expect(page.Locator("#history tbody tr").First).ToContainTextAsync("first half of users", soon);
        Assert.True(DateTime.UtcNow - clicked < TimeSpan.FromSeconds(2), $"the row and history took {DateTime.UtcNow - clicked}");

        release.SetResult();
        await page.WaitForTimeoutAsync(1_000);
        var seen = System.Text.Json.JsonSerializer.Deserialize<Seen>(
            await page.EvaluateAsync<string>("() => JSON.stringify(window.seen)"), GatewayUnderTest.Json)!;
        var afterFlip = seen.History.SkipWhile(h => !h.Contains("first half of users", StringComparison.Ordinal)).ToList();
        Assert.All(afterFlip, h => Assert.Contains("first half of users", h));
        var routeAfterFlip = seen.Route.SkipWhile(r => r != "canary 50%").ToList();
        Assert.All(routeAfterFlip, r => Assert.Equal("canary 50%", r));
        await Assertions.Expect(page.Locator("#history tbody tr").First).ToContainTextAsync("first half of users");
    }

    private sealed record Seen(string[] History, string[] Route);
}
