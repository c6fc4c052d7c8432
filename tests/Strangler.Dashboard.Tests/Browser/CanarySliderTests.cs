using System.Net.Http.Json;
using Microsoft.Playwright;
using Strangler.Dashboard.Tests.Infrastructure;

namespace Strangler.Dashboard.Tests.Browser;

/// <summary>
/// The flip dialog's canary slider takes any whole percentage. Regression: it moved in steps of 5, so a route at
/// canary 12% opened as 10% (the dialog offering to change what it was asked to show), and 1%, the usual first step
/// of a canary, could not be chosen: the browser rounded it to 0%.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CanarySliderTests(Chromium chromium, Upstreams upstreams)
{
    private static readonly LocatorAssertionsToHaveTextOptions Wait = new() { Timeout = 30_000 };

    [Fact]
    public async Task TheFlipDialog_ShowsTheRoutesOwnPercentage_AndOffersOnePercent()
    {
        Assert.SkipWhen(chromium.SkipReason is not null, chromium.SkipReason ?? "");
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams);
        var (client, csrf) = await gateway.SignedInClientAsync();
        using (client)
        {
            using var flip = new HttpRequestMessage(HttpMethod.Post, "/_strangler/ui/flip")
            {
                Content = JsonContent.Create(new { subdomain = "customers", mode = "canary", percentage = 12, reason = "a first few" }),
            };
            flip.Headers.Add("X-CSRF-Token", csrf);
            (await client.SendAsync(flip, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        }

        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync(gateway.Url);
        await Assertions.Expect(page.Locator("tr[data-subdomain='customers'] td.route .mode")).ToHaveTextAsync("canary 12%", Wait);

        await page.GetByRole(AriaRole.Button, new() { Name = "Change route of customers" }).ClickAsync();
        var dialog = page.Locator("#flip-dialog");
        var summary = dialog.Locator("#flip-summary");
        await Assertions.Expect(summary).ToHaveTextAsync("customers: canary 12% on new → canary 12% on new (no change)", Wait);
        await Assertions.Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Confirm change" })).ToBeDisabledAsync();

        await dialog.GetByLabel("Share of users on the new service").FillAsync("1");
        await Assertions.Expect(summary).ToHaveTextAsync("customers: canary 12% on new → canary 1% on new", Wait);
        await Assertions.Expect(dialog.Locator("#canary-output")).ToHaveTextAsync("1%", Wait);
    }
}
