using Microsoft.Playwright;
using Strangler.Dashboard.Tests.Infrastructure;

namespace Strangler.Dashboard.Tests.Browser;

/// <summary>
/// A rollback to the entry whose state the route has now changes nothing, so the gateway records nothing (as for the
/// admin API and the CLI). The dialog says so and stays open: closing it as after a rollback read as if one was made.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class NoOpRollbackTests(Chromium chromium, Upstreams upstreams)
{
    [Fact]
    public async Task RollingBackToTheCurrentState_SaysNothingToDo_AndAddsNoHistoryRow()
    {
        Assert.SkipWhen(chromium.SkipReason is not null, chromium.SkipReason ?? "");
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams);
        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync(gateway.Url);
        var rows = page.Locator("#history tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(2, new() { Timeout = 30_000 });

        await rows.Filter(new() { HasText = "customers" }).GetByRole(AriaRole.Button).ClickAsync();
        var dialog = page.Locator("#rollback-dialog");
        await dialog.GetByLabel("Reason (recorded in the history)").FillAsync("make sure");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Confirm rollback" }).ClickAsync();

        await Assertions.Expect(dialog.Locator("#rollback-error")).ToHaveTextAsync(
            "Nothing to do: customers is already legacy at revision 1; nothing recorded.", new() { Timeout = 10_000 });
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(2);
    }
}
