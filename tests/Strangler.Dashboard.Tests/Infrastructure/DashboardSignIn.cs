using Microsoft.Playwright;

namespace Strangler.Dashboard.Tests.Infrastructure;

/// <summary>Signs a page in to a gateway's dashboard with the admin token, as an operator does, through the form.</summary>
public static class DashboardSignIn
{
    public static async Task SignInAsync(this IPage page, string gatewayUrl)
    {
        await page.GotoAsync(gatewayUrl + "/_strangler/");
        await page.GetByLabel("Admin token").FillAsync(GatewayUnderTest.AdminToken);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }
}
