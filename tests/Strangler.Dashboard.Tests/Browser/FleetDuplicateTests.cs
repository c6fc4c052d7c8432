using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Strangler.Dashboard.Tests.Infrastructure;

namespace Strangler.Dashboard.Tests.Browser;

/// <summary>
/// Bug: a second gateway under the same explicit ReplicaId was refused and not ready, and <c>routes replicas</c> flagged
/// the holder DUPLICATE, but the replicas panel showed the holder alone: whoever watched the dashboard never learnt of it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class FleetDuplicateTests(Chromium chromium, Upstreams upstreams)
{
    private static readonly LocatorAssertionsToHaveTextOptions Wait = new() { Timeout = 30_000 };
    private static readonly LocatorAssertionsToContainTextOptions Contains = new() { Timeout = 30_000 };
    private static readonly LocatorAssertionsToBeVisibleOptions Visible = new() { Timeout = 30_000 };

    [Fact]
    public async Task TheReplicasPanel_FlagsAnIdAnotherProcessWasJustRefused_AndNamesThatProcess_ItsHostAsText()
    {
        await using var store = await FleetStoreSchema.CreateAsync();
        var shared = Directory.CreateTempSubdirectory("strangler-dashboard-fleet-").FullName;
        // A slow heartbeat makes the silent window (three heartbeats) 3 minutes: the refusals written below stay recent
        // for the whole test, as a refused process's would while it keeps trying.
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams, store.GatewaySettings("panel-test", shared, "00:01:00"));
        // 'twice' is held by web-a and another process, whose host (what it reported of itself) holds markup, was just
        // refused it; 'long-ago' was refused an hour ago, by a process that stopped trying.
        await store.ExecuteInStoreAsync("""
            INSERT INTO strangler_gateway_replicas (replica_id, address, revision, last_seen, run_id, host, pid, started_at,
                refused_run, refused_host, refused_pid, refused_at)
            SELECT id, '', (SELECT revision FROM strangler_route_state), now(), 'run-' || id, 'web-a', 977, now() - interval '1 hour',
                'refused-' || id, 'web-<b>b</b>', 4123, now() - refused * interval '1 second'
            FROM (VALUES ('twice', 5), ('long-ago', 3600)) AS r (id, refused)
            """);
        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync(gateway.Url);
        await Assertions.Expect(page.Locator("#dashboard")).ToBeVisibleAsync(Visible);

        var twice = page.Locator("#fleet-replicas tr[data-replica='twice']");
        await Assertions.Expect(twice).ToContainTextAsync("DUPLICATE (its id is configured on another process too)", Contains);
        await Assertions.Expect(page.Locator("#fleet-replicas tr[data-duplicate-of='twice']")).ToHaveTextAsync(new Regex(
            @"^another process \(host web-<b>b</b>, pid 4123\) was refused this id at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d.* \(\d+ s ago\): "
            + "it is not ready and changes nothing in the fleet; set a distinct Strangler:Gateway:Fleet:ReplicaId for one of them$"), Wait);
        // The host is shown as text: no element was made of it.
        await Assertions.Expect(page.Locator("#fleet b")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#fleet-note")).ToContainTextAsync("3 replica(s) in the store; 0 behind, 0 silent, 0 gone, 0 left, 1 duplicate.", Contains);
        await Assertions.Expect(page.Locator("#fleet-replicas tr[data-replica='long-ago']")).Not.ToContainTextAsync("DUPLICATE");
        await Assertions.Expect(page.Locator("#fleet-replicas tr[data-duplicate-of='long-ago']")).ToHaveCountAsync(0);
        // The flagged row stands out as a whole, as a stalled or failing route's does; the other is plain.
        const string outline = "row => getComputedStyle(row).outlineStyle";
        Assert.Equal(("solid", "none"), (await twice.EvaluateAsync<string>(outline),
            await page.Locator("#fleet-replicas tr[data-replica='long-ago']").EvaluateAsync<string>(outline)));
        await context.CloseAsync();
        await gateway.DisposeAsync();
        Directory.Delete(shared, recursive: true);
    }
}
