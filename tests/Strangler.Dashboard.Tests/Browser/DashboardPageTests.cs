using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;
using Strangler.Dashboard.Tests.Infrastructure;

namespace Strangler.Dashboard.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed partial class DashboardPageTests(Chromium chromium, Upstreams upstreams)
{
    private static readonly LocatorAssertionsToHaveTextOptions Wait = new() { Timeout = 30_000 };
    private static readonly LocatorAssertionsToBeVisibleOptions Visible = new() { Timeout = 30_000 };

    private static string ArtifactsDirectory => Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts")).FullName;

    private static async Task SignInAsync(IPage page, string url)
    {
        await page.SignInAsync(url);
        await Assertions.Expect(page.Locator("#dashboard")).ToBeVisibleAsync(Visible);
    }

    [Fact]
    public async Task Operator_SignsIn_WatchesLiveTraffic_FlipsWithConfirmation_AndRollsBack()
    {
        var polls = 0;
        await using var syncWorker = await KestrelHost.StartAsync(app => app.MapGet("/_strangler/sync/status", () =>
        {
            var n = Interlocked.Increment(ref polls);
            return Results.Text($$"""{"pipelines":[{"name":"customers-projection","kind":"projection","subdomain":"customers","applied":{{n * 40}},"skipped":0,"deadLettered":2,"retried":1,"lagSeconds":{{0.4 + (n % 5) * 0.3}},"consumerLag":{{n % 7}}},{"name":"customers-backfill","kind":"backfill","subdomain":"customers","applied":0,"consumerLag":420,"lastProgress":null,"sinceProgressSeconds":300,"stalled":true,"committedOffsets":[{"topic":"customers.events","partition":0,"offset":1200}]}],"drift":[{"projection":"customers-projection","at":"2026-01-01T11:59:00+00:00","sampled":6,"sampledFromNew":3,"differing":5,"differingFromNew":3,"drift":1,"intervalSeconds":60,"catchingUp":null,"partitions":0}]}""", "application/json");
        }));
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams, new Dictionary<string, string?>
        {
            ["Strangler:Dashboard:SyncStatusUrls:0"] = syncWorker.Url,
            ["Strangler:Dashboard:SyncPollInterval"] = "00:00:01",
        });
        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        using var traffic = gateway.Client();

        await SignInAsync(page, gateway.Url);
        var customers = page.Locator("tr[data-subdomain='customers']");
        await Assertions.Expect(customers.Locator("td.sync")).ToContainTextAsync("customers-projection", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#sync tbody")).ToContainTextAsync("customers-projection");
        // Issue 15.3: a pipeline in a crash loop is flagged, with when it last moved and where its group stands.
        var stalled = page.Locator("#sync tr[data-pipeline='customers-backfill']");
        await Assertions.Expect(stalled).ToHaveClassAsync(new Regex("stalled"), new() { Timeout = 30_000 });
        await Assertions.Expect(stalled.Locator("td.progress")).ToHaveTextAsync("STALLED never (started 5 min ago)", Wait);
        await Assertions.Expect(stalled.Locator("td.committed")).ToHaveTextAsync("customers.events[0] 1200", Wait);
        await Assertions.Expect(page.Locator("#sync tr[data-pipeline='customers-projection']")).Not.ToHaveClassAsync(new Regex("stalled"), new() { Timeout = 30_000 });
        // A check by a worker holding no partition of the pipeline measures no lag: its differing keys are shown, not alarmed.
        var drift = page.Locator("#sync tr[data-pipeline='customers-projection'] td.progress span.drift");
        await Assertions.Expect(drift).ToHaveTextAsync(" · drift 100.0% (2/3 legacy, 3/3 new) with no partition held", Wait);
        await Assertions.Expect(drift).Not.ToHaveClassAsync(new Regex("drifting"));
        await Assertions.Expect(customers.Locator("td.sync")).ToContainTextAsync("customers-backfill: 0.0 s · 0.0/s · 0 dead letters · STALLED", new() { Timeout = 30_000 });
        await Assertions.Expect(customers.Locator("td.route .mode")).ToHaveTextAsync("legacy", Wait);
        await Assertions.Expect(page.Locator("tr[data-subdomain='orders']")).ToBeVisibleAsync(Visible);
        // Issue 14.5: without a fleet store the replicas panel says so and shows nothing else.
        await Assertions.Expect(page.Locator("#fleet-note")).ToHaveTextAsync("single gateway", Wait);
        await Assertions.Expect(page.Locator("#fleet")).ToBeEmptyAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(customers.Locator("td.legacy")).ToHaveTextAsync(new Regex(@"^0\.0 · "), Wait);
        // No requests, no error rate: a dash, as for p99, not a reassuring 0%.
        await Assertions.Expect(customers.Locator("td.legacy")).ToHaveTextAsync("0.0 · – · –", Wait);

        // Live figures: traffic sent now shows up without a reload.
        await gateway.SendAsync(traffic, "/customers/{i}", 30, "legacy");
        await gateway.SendAsync(traffic, "/orders/{i}", 10, "legacy");
        await Assertions.Expect(customers.Locator("td.legacy")).Not.ToHaveTextAsync(new Regex(@"^0\.0 · "), Wait);
        await Assertions.Expect(customers.Locator("td.legacy")).ToHaveTextAsync(new Regex(@" · 0% · \d"), Wait);
        await Assertions.Expect(page.Locator("tr[data-subdomain='orders'] td.new")).ToHaveTextAsync("0.0 · – · –", Wait);
        await Assertions.Expect(page.Locator("#inventory")).ToContainTextAsync("GET /customers/{id}", new() { Timeout = 30_000 });
        // The page itself sends nothing through the gateway: no /favicon.ico counted as the monolith's traffic.
        await Assertions.Expect(page.Locator("#inventory")).Not.ToContainTextAsync("favicon");
        await Assertions.Expect(customers.Locator("svg.plot polyline.legacy")).ToHaveCountAsync(1, new() { Timeout = 30_000 });

        // Flip through the confirmation dialog, which shows what will change and needs a reason.
        await page.GetByRole(AriaRole.Button, new() { Name = "Change route of customers" }).ClickAsync();
        var dialog = page.Locator("#flip-dialog");
        await Assertions.Expect(dialog).ToBeVisibleAsync(Visible);
        await dialog.GetByLabel("Canary").CheckAsync();
        await dialog.GetByLabel("Share of users on the new service").FillAsync("50");
        await Assertions.Expect(dialog.Locator("#flip-summary")).ToHaveTextAsync("customers: legacy → canary 50% on new", Wait);
        await dialog.GetByLabel("Reason (recorded in the history)").FillAsync("first half of users");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Confirm change" }).ClickAsync();

        await Assertions.Expect(dialog).ToBeHiddenAsync();
        await Assertions.Expect(customers.Locator("td.route .mode")).ToHaveTextAsync("canary 50%", Wait);
        var newest = page.Locator("#history tbody tr").First;
        await Assertions.Expect(newest).ToContainTextAsync("first half of users", new() { Timeout = 30_000 });
        await Assertions.Expect(newest).ToContainTextAsync("dashboard");
        await Assertions.Expect(newest).ToContainTextAsync("canary:50");

        // Traffic now also reaches the new side, and the overview says so.
        for (var user = 0; user < 40; user++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/customers/{user}");
            request.Headers.Add("X-User-Id", $"user-{user}");
            (await traffic.SendAsync(request, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        }

        await Assertions.Expect(customers.Locator("td.new")).Not.ToHaveTextAsync(new Regex(@"^0\.0 · "), Wait);
        await Assertions.Expect(page.Locator("#new-share")).Not.ToHaveTextAsync("0%", Wait);
        await page.WaitForTimeoutAsync(300);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ArtifactsDirectory, "dashboard-overview.png"), FullPage = true });

        // Longer plots: the day view switches to one-minute slots.
        await page.GetByLabel("span").SelectOptionAsync("1440");
        await Assertions.Expect(customers.Locator("svg.plot").First).ToHaveAttributeAsync("aria-label", new Regex("requests per 60 s"), new() { Timeout = 30_000 });

        // Roll back to the revision the file load recorded, through the rollback confirmation.
        var original = page.Locator("#history tbody tr", new() { HasText = "file" }).Filter(new() { HasText = "customers" });
        await original.GetByRole(AriaRole.Button).ClickAsync();
        var rollback = page.Locator("#rollback-dialog");
        await Assertions.Expect(rollback.Locator("#rollback-summary")).ToContainTextAsync("customers: return to revision");
        await rollback.GetByLabel("Reason (recorded in the history)").FillAsync("error rate too high");
        await rollback.GetByRole(AriaRole.Button, new() { Name = "Confirm rollback" }).ClickAsync();

        await Assertions.Expect(customers.Locator("td.route .mode")).ToHaveTextAsync("legacy", Wait);
        await Assertions.Expect(page.Locator("#history tbody tr").First).ToContainTextAsync("error rate too high", new() { Timeout = 30_000 });
        Assert.Equal("legacy", await traffic.GetStringAsync("/customers/1", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task WithoutASession_ThePageAsksToSignIn_AndTheDataIsRefused()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams);
        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync(gateway.Url + "/_strangler/");

        await Assertions.Expect(page.Locator("#sign-in")).ToBeVisibleAsync(Visible);
        await Assertions.Expect(page.Locator("#dashboard")).ToBeHiddenAsync();
        var status = await page.EvaluateAsync<int>(
            "async () => (await fetch('ui/flip', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': 'x' }, body: JSON.stringify({ subdomain: 'customers', mode: 'new', reason: 'r' }) })).status");
        Assert.Equal(401, status);
        await page.GetByLabel("Admin token").FillAsync("not the token");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.Locator("#sign-in-error")).ToContainTextAsync("does not match", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#dashboard")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task ExpiredSession_AndUnreachableGateway_AreSaidClearly()
    {
        var gateway = await GatewayUnderTest.StartAsync(upstreams);
        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        await SignInAsync(page, gateway.Url);

        await context.ClearCookiesAsync();
        await Assertions.Expect(page.Locator("#banner")).ToContainTextAsync("session has expired", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#sign-in")).ToBeVisibleAsync(Visible);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ArtifactsDirectory, "dashboard-session-expired.png") });

        await SignInAsync(page, gateway.Url);
        await gateway.DisposeAsync();
        await Assertions.Expect(page.Locator("#banner")).ToContainTextAsync("gateway is unreachable", new() { Timeout = 30_000 });
        await page.ScreenshotAsync(new() { Path = Path.Combine(ArtifactsDirectory, "dashboard-unreachable.png") });
    }
}
