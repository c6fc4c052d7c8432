using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Strangler.Dashboard.Tests.Infrastructure;
using Strangler.Gateway.Dashboard.Steering;

namespace Strangler.Dashboard.Tests.Browser;

/// <summary>
/// A panel whose refresh fails says so in the panel and in the console, keeps what it last showed, and clears the line
/// once a refresh works again. Regression: a bug in rollout.js made the Rollouts panel throw on every refresh, and the
/// page showed an empty panel with no sign of anything wrong.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PanelFailureTests(Chromium chromium, Upstreams upstreams)
{
    private static readonly LocatorAssertionsToHaveTextOptions Wait = new() { Timeout = 30_000 };
    private static readonly LocatorAssertionsToContainTextOptions Contains = new() { Timeout = 30_000 };
    private static readonly LocatorAssertionsToBeVisibleOptions Visible = new() { Timeout = 30_000 };

    private static async Task<(IPage Page, List<string> Console)> SignInAsync(IBrowserContext context, string url)
    {
        var page = await context.NewPageAsync();
        var console = new List<string>();
        page.Console += (_, message) =>
        {
            lock (console)
            {
                console.Add($"{message.Type}: {message.Text}");
            }
        };
        await page.SignInAsync(url);
        await Assertions.Expect(page.Locator("#dashboard")).ToBeVisibleAsync(Visible);
        return (page, console);
    }

    private static ILocator Line(IPage page, string panel) => page.Locator($"p.panel-error[data-panel='{panel}']");

    private static bool Logged(List<string> console, string text)
    {
        lock (console)
        {
            return console.Any(line => line.StartsWith("error: ", StringComparison.Ordinal) && line.Contains(text, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task AnEndpointAnswering500_ShowsTheErrorLineInItsPanel_KeepsTheLastRows_AndRecovers()
    {
        BreakableHistory? history = null;
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams, services: services =>
            services.AddSingleton<IRouteSteering>(sp =>
                history = new BreakableHistory(ActivatorUtilities.CreateInstance<GatewayRouteSteering>(sp))));
        var (client, csrf) = await gateway.SignedInClientAsync();
        using var __ = client;
        await using var context = await chromium.NewContextAsync();
        var (page, console) = await SignInAsync(context, gateway.Url);
        var rows = page.Locator("#history tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(2, new() { Timeout = 30_000 });

        history!.Broken = true;
        await FlipAsync(client, csrf, "while the history cannot be read");

        var line = Line(page, "Route history");
        await Assertions.Expect(line).ToBeVisibleAsync(Visible);
        await Assertions.Expect(line).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(
            @"^Route history: could not show the latest state: the gateway answered 500 \(showing the state of .+\)$"), Wait);
        Assert.True(await Eventually.TrueAsync(() => Logged(console, "Route history: could not show the latest state")),
            "the failure did not reach the console");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        Assert.DoesNotContain("s3cret", await page.Locator("body").InnerTextAsync());
        // The other panels go on refreshing: the flip shows in the overview while the history cannot.
        await Assertions.Expect(page.Locator("tr[data-subdomain='customers'] td.route .mode")).ToHaveTextAsync("new", Wait);
        await Assertions.Expect(Line(page, "Sub-domains")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts")).FullName, "panel-error.png"), FullPage = true });

        history.Broken = false;
        await Assertions.Expect(rows).ToHaveCountAsync(3, new() { Timeout = 30_000 });
        await Assertions.Expect(line).ToBeHiddenAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(rows.First).ToContainTextAsync("while the history cannot be read");
    }

    [Fact]
    public async Task DataTheRendererCannotHandle_ShowsAsABugInThePage_NotAsAFailedRequest_AndClearsWhenItRendersAgain()
    {
        // A sync worker whose status has a null committed offset: the gateway passes it on, the Sync panel's
        // renderer throws on it (TypeError), as it did on this morning's rollout.js bug.
        var broken = 0;
        await using var worker = await KestrelHost.StartAsync(app => app.MapGet("/_strangler/sync/status", () => Results.Text(
            $$"""{"pipelines":[{"name":"customers-projection","kind":"projection","subdomain":"customers","applied":40,"committedOffsets":[{{(Volatile.Read(ref broken) == 1 ? "null" : """{"topic":"customers.cdc","partition":0,"offset":7}""")}}]}]}""",
            "application/json")));
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams, new Dictionary<string, string?>
        {
            ["Strangler:Dashboard:SyncStatusUrls:0"] = worker.Url,
            ["Strangler:Dashboard:SyncPollInterval"] = "00:00:00.500",
        });
        await using var context = await chromium.NewContextAsync();
        var (page, console) = await SignInAsync(context, gateway.Url);
        var committed = page.Locator("#sync tr[data-pipeline='customers-projection'] td.committed");
        await Assertions.Expect(committed).ToHaveTextAsync("customers.cdc[0] 7", Wait);

        Volatile.Write(ref broken, 1);

        var line = Line(page, "Sync pipelines");
        await Assertions.Expect(line).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(
            @"^Sync pipelines: could not show the latest state: the page could not show what the gateway sent \(a bug in the page's script\): TypeError: .*'topic'.* \(showing the state of .+\)$"), Wait);
        Assert.True(await Eventually.TrueAsync(() => Logged(console, "Sync pipelines: could not show the latest state")),
            "the failure did not reach the console");
        await Assertions.Expect(committed).ToHaveTextAsync("customers.cdc[0] 7");
        // The same answer feeds the Sub-domains panel, which renders it: only the panel that threw says so.
        await Assertions.Expect(Line(page, "Sub-domains")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("tr[data-subdomain='customers'] td.sync")).ToContainTextAsync("customers-projection");

        Volatile.Write(ref broken, 0);
        await Assertions.Expect(line).ToBeHiddenAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(committed).ToHaveTextAsync("customers.cdc[0] 7");
    }

    [Fact]
    public async Task AProblemAnswer_ShowsTheServersOwnText_AndNothingElseOfTheBody()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams);
        await using var context = await chromium.NewContextAsync();
        var (page, _) = await SignInAsync(context, gateway.Url);
        await Assertions.Expect(page.Locator("#inventory-note")).ToContainTextAsync("Learned from traffic", Contains);

        // Between the page and the gateway, as a proxy or a newer gateway might answer: a problem with extra fields.
        await page.RouteAsync("**/ui/inventory", route => route.FulfillAsync(new()
        {
            Status = 503,
            ContentType = "application/problem+json",
            Body = """{"title":"Service Unavailable","detail":"the inventory is being reloaded","instance":"Host=db;Password=s3cret"}""",
        }));

        var line = Line(page, "Legacy inventory");
        await Assertions.Expect(line).ToContainTextAsync(
            "Legacy inventory: could not show the latest state: the gateway answered 503: the inventory is being reloaded (showing the state of ", Contains);
        Assert.DoesNotContain("s3cret", await page.Locator("body").InnerTextAsync());
        await Assertions.Expect(page.Locator("#inventory-note")).ToContainTextAsync("Learned from traffic");

        await page.UnrouteAsync("**/ui/inventory");
        await Assertions.Expect(line).ToBeHiddenAsync(new() { Timeout = 30_000 });
    }

    [Fact]
    public async Task ASuccessAnswerThatIsNotJson_SaysWhatAnswered_NotAPageBug_AndQuotesNoneOfTheBody()
    {
        // Regression: a proxy's sign-in page answered 200 in the gateway's place; the page read its body as null and
        // the panel's renderer threw, so the line blamed the page's script with a TypeError.
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams);
        await using var context = await chromium.NewContextAsync();
        var (page, console) = await SignInAsync(context, gateway.Url);
        await Assertions.Expect(page.Locator("#inventory-note")).ToContainTextAsync("Learned from traffic", Contains);

        await page.RouteAsync("**/ui/inventory", route => route.FulfillAsync(new()
        {
            Status = 200,
            ContentType = "text/html; charset=utf-8",
            Body = "<html><body><h1>Corporate sign-in</h1><form>user s3cret</form></body></html>",
        }));

        var line = Line(page, "Legacy inventory");
        await Assertions.Expect(line).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(
            @"^Legacy inventory: could not show the latest state: GET /_strangler/ui/inventory answered 200 with text/html, not JSON \(a proxy in the way\?\) \(showing the state of .+\)$"), Wait);
        Assert.True(await Eventually.TrueAsync(() => Logged(console, "Legacy inventory: could not show the latest state")),
            "the failure did not reach the console");
        var text = await page.Locator("body").InnerTextAsync();
        Assert.DoesNotContain("s3cret", text);
        Assert.DoesNotContain("Corporate sign-in", text);
        await Assertions.Expect(page.Locator("#inventory-note")).ToContainTextAsync("Learned from traffic");

        // JSON's own media type with a body cut short is told apart: no proxy, a broken answer.
        await page.UnrouteAsync("**/ui/inventory");
        await page.RouteAsync("**/ui/inventory", route => route.FulfillAsync(new()
        {
            Status = 200,
            ContentType = "application/json; charset=utf-8",
            Body = """{"retireAfterDays":30,"entries":[{"subd""",
        }));
        await Assertions.Expect(line).ToContainTextAsync(
            "Legacy inventory: could not show the latest state: GET /_strangler/ui/inventory answered 200 with application/json that is not valid JSON (cut short?)", Contains);

        await page.UnrouteAsync("**/ui/inventory");
        await Assertions.Expect(line).ToBeHiddenAsync(new() { Timeout = 30_000 });
    }

    [Fact]
    public async Task AnUnreachableGateway_IsSaidInEveryPanel_WhichKeepItsContent()
    {
        var gateway = await GatewayUnderTest.StartAsync(upstreams);
        await using var context = await chromium.NewContextAsync();
        var (page, _) = await SignInAsync(context, gateway.Url);
        await Assertions.Expect(page.Locator("tr[data-subdomain='customers']")).ToBeVisibleAsync(Visible);

        await gateway.DisposeAsync();

        await Assertions.Expect(Line(page, "Sub-domains")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(
            @"^Sub-domains: could not show the latest state: the gateway is unreachable \(showing the state of .+\)$"), Wait);
        await Assertions.Expect(Line(page, "Rollouts")).ToContainTextAsync("Rollouts: could not show the latest state: the gateway is unreachable (showing the state of ", Contains);
        await Assertions.Expect(page.Locator("tr[data-subdomain='customers']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#banner")).ToContainTextAsync("gateway is unreachable");
    }

    [Fact]
    public async Task TheReplicasPanel_ShowsItsTable_InAFleet()
    {
        // Regression: fleet.js put the table head in through append()'s return value (undefined), so in a fleet whose
        // store could be read the panel threw on every refresh; with the error line it said so, now it renders.
        await using var store = await FleetStoreSchema.CreateAsync();
        var shared = Directory.CreateTempSubdirectory("strangler-dashboard-fleet-").FullName;
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams, store.GatewaySettings("panel-test", shared, "00:00:00.500"));
        await using var context = await chromium.NewContextAsync();
        var (page, _) = await SignInAsync(context, gateway.Url);

        var self = page.Locator("#fleet-replicas tr[data-replica='panel-test']");
        await Assertions.Expect(self).ToContainTextAsync("panel-test (this one)", Contains);
        await Assertions.Expect(page.Locator("#fleet-note")).ToContainTextAsync("1 replica(s) in the store; 0 behind, 0 silent, 0 gone, 0 left.", Contains);
        await Assertions.Expect(Line(page, "Gateway replicas")).ToHaveCountAsync(0);
        await context.CloseAsync();
        await gateway.DisposeAsync();
        Directory.Delete(shared, recursive: true);
    }

    [Fact]
    public async Task TheReplicasPanel_ShowsGoneAndLeft_AsTheRolloutGatesCallThem_NotSilent()
    {
        // Before, the panel had no gone state: a replica crashed an hour ago was SILENT as one frozen a minute ago, and
        // one stopped cleanly was not listed at all.
        await using var store = await FleetStoreSchema.CreateAsync();
        var shared = Directory.CreateTempSubdirectory("strangler-dashboard-fleet-").FullName;
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams, new Dictionary<string, string?>(store.GatewaySettings("panel-test", shared, "00:00:00.500"))
        {
            ["Strangler:Gateway:Fleet:ReplicaGoneAfter"] = "00:02:00",
        });
        await store.ExecuteInStoreAsync("""
            INSERT INTO strangler_gateway_replicas (replica_id, address, revision, last_seen, left_at)
            SELECT id, '', (SELECT revision FROM strangler_route_state), now() - seen * interval '1 second',
                CASE WHEN id = 'drained' THEN now() - seen * interval '1 second' END
            FROM (VALUES ('frozen', 60), ('crashed', 3600), ('drained', 30)) AS r (id, seen)
            """);
        // The frozen one's process, as its run reported it; the others as a gateway older than run ids wrote them.
        await store.ExecuteInStoreAsync(
            "UPDATE strangler_gateway_replicas SET host = 'web-b', pid = 4242, started_at = now() - interval '3 hours' WHERE replica_id = 'frozen'");
        await using var context = await chromium.NewContextAsync();
        var (page, _) = await SignInAsync(context, gateway.Url);

        await Assertions.Expect(page.Locator("#fleet-note")).ToContainTextAsync("4 replica(s) in the store; 0 behind, 1 silent, 1 gone, 1 left.", Contains);
        await Assertions.Expect(page.Locator("#fleet-replicas tr[data-replica='frozen']")).ToContainTextAsync("SILENT (no heartbeat for over 1.5 s)", Contains);
        await Assertions.Expect(page.Locator("#fleet-replicas tr[data-replica='frozen'] td.fleet-host")).ToHaveTextAsync("web-b (pid 4242)", Wait);
        await Assertions.Expect(page.Locator("#fleet-replicas tr[data-replica='frozen'] td.fleet-started")).ToHaveTextAsync(
            new System.Text.RegularExpressions.Regex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d.* \(3 h [01] min ago\)$"), Wait);
        await Assertions.Expect(page.Locator("#fleet-replicas tr[data-replica='crashed'] td.fleet-host")).ToHaveTextAsync("unknown", Wait);
        var crashed = page.Locator("#fleet-replicas tr[data-replica='crashed']");
        await Assertions.Expect(crashed).ToContainTextAsync("GONE (no heartbeat for over 120 s; not waited for)", Contains);
        await Assertions.Expect(crashed).Not.ToContainTextAsync("SILENT", Contains);
        var drained = page.Locator("#fleet-replicas tr[data-replica='drained']");
        await Assertions.Expect(drained).ToContainTextAsync("LEFT (stopped cleanly at ", Contains);
        await Assertions.Expect(drained).Not.ToContainTextAsync("SILENT", Contains);
        await context.CloseAsync();
        await gateway.DisposeAsync();
        Directory.Delete(shared, recursive: true);
    }

    private static async Task FlipAsync(HttpClient client, string csrf, string reason)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/_strangler/ui/flip")
        {
            Content = JsonContent.Create(new { subdomain = "customers", mode = "new", reason }),
        };
        request.Headers.Add("X-CSRF-Token", csrf);
        (await client.SendAsync(request, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
    }
}
