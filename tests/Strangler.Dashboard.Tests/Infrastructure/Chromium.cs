using Microsoft.Playwright;

namespace Strangler.Dashboard.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium driven by Playwright, launched once for the browser tests. Never downloads a browser: when
/// Chromium is missing the tests skip with the reason, or fail when <c>STRANGLER_REQUIRE_SERVERS=1</c>.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser? Browser { get; private set; }

    public string? SkipReason { get; private set; }

    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable("STRANGLER_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            SkipReason = $"Chromium not found at {ExecutablePath}: apt-get install -y chromium (or set STRANGLER_CHROMIUM)";
            if (Environment.GetEnvironmentVariable("STRANGLER_REQUIRE_SERVERS") == "1")
            {
                throw new InvalidOperationException(SkipReason + "; STRANGLER_REQUIRE_SERVERS=1 makes this a failure");
            }

            return;
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        });
    }

    /// <summary>A fresh browser context (own cookies) sized like a laptop screen; skips the test without Chromium.</summary>
    public async Task<IBrowserContext> NewContextAsync()
    {
        if (Browser is null)
        {
            Assert.Skip(SkipReason ?? "Chromium did not start");
        }

        return await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
