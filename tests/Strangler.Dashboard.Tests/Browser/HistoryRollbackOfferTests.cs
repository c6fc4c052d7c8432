using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Strangler.Dashboard.Tests.Infrastructure;

namespace Strangler.Dashboard.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class HistoryRollbackOfferTests(Chromium chromium, Upstreams upstreams)
{
    [Fact]
    public async Task AHandEditThatKeepsTheRevision_IsRecordedUnderTheNext_SoEachEntryOffersItsOwnRollback()
    {
        Assert.SkipWhen(chromium.SkipReason is not null, chromium.SkipReason ?? "");
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams);
        var (client, _) = await gateway.SignedInClientAsync();
        using var __ = client;
        // As a person edits the file: the mode changes, "revision": 1 stays.
        var path = Path.Combine(gateway.RoutesDirectory, "customers.json");
        var route = JsonNode.Parse(await File.ReadAllTextAsync(path))!.AsObject();
        route["mode"] = "new";
        await File.WriteAllTextAsync(path + ".tmp", route.ToJsonString());
        File.Move(path + ".tmp", path, overwrite: true);
        Assert.True(await Eventually.TrueAsync(async () =>
            (await client.GetStringAsync("/_strangler/ui/history")).Contains("route file changed on disk")), "the edit was not recorded");

        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync(gateway.Url);

        var rows = page.Locator("#history tbody tr").Filter(new() { HasText = "customers" });
        await Assertions.Expect(rows).ToHaveCountAsync(2, new() { Timeout = 30_000 });
        // The edit is served and recorded as revision 2 (RouteChanges.Renumber), so each entry offers a rollback to a
        // state of its own. Bug: both carried revision 1, and the earlier row's button confirmed "legacy" and applied
        // the later route, "new".
        await Assertions.Expect(rows.First).ToContainTextAsync("route file changed on disk");
        await Assertions.Expect(rows.First.GetByRole(AriaRole.Button, new() { Name = "Roll back customers to revision 2", Exact = true })).ToHaveCountAsync(1);
        await Assertions.Expect(rows.Nth(1).GetByRole(AriaRole.Button, new() { Name = "Roll back customers to revision 1", Exact = true })).ToHaveCountAsync(1);
    }
}
