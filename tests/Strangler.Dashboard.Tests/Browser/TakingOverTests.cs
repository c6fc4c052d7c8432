using Microsoft.Playwright;
using Npgsql;
using Strangler.Dashboard.Tests.Infrastructure;

namespace Strangler.Dashboard.Tests.Browser;

/// <summary>A restarted replica's overview waits for its previous run's evidence instead of showing figures without it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class TakingOverTests(Chromium chromium, Upstreams upstreams)
{
    private static readonly LocatorAssertionsToHaveTextOptions Wait = new() { Timeout = 30_000 };
    private static readonly LocatorAssertionsToBeVisibleOptions Visible = new() { Timeout = 30_000 };

    [Fact]
    // Bug: after a restart the overview showed this run's fresh counters as the replica's figures while the previous
    // run's (a canary's failures just before the restart, say) were still unread.
    public async Task ARestartedReplica_ShowsTakingOver_UntilItsPreviousRunsEvidenceIsRead_ThenTheFigures()
    {
        await using var store = await FleetStoreSchema.CreateAsync();
        var shared = Directory.CreateTempSubdirectory("strangler-dashboard-takeover-").FullName;
        var settings = new Dictionary<string, string?>(store.GatewaySettings("takeover-test", shared, "00:00:00.500"))
        {
            ["Strangler:Gateway:Fleet:TrafficPublishInterval"] = "00:00:00.500",
            ["Strangler:Gateway:Fleet:StoreTimeout"] = "00:00:01",
        };
        // The first run creates the fleet tables and publishes its row.
        await (await GatewayUnderTest.StartAsync(upstreams, settings)).DisposeAsync();
        // The store keeps the previous run's row from this run until the lock goes: its take-over cannot finish.
        await using var holdOff = new NpgsqlConnection(store.ConnectionString);
        await holdOff.OpenAsync(TestContext.Current.CancellationToken);
        await using var transaction = await holdOff.BeginTransactionAsync(TestContext.Current.CancellationToken);
        await using (var lockTable = new NpgsqlCommand("LOCK TABLE strangler_gateway_traffic IN ACCESS EXCLUSIVE MODE", holdOff, transaction))
        {
            await lockTable.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        await using var gateway = await GatewayUnderTest.StartAsync(upstreams, settings);
        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync(gateway.Url);

        var customers = page.Locator("tr[data-subdomain='customers']");
        await Assertions.Expect(customers).ToBeVisibleAsync(Visible);
        await Assertions.Expect(page.Locator("#taking-over")).ToContainTextAsync("Taking over: reading the evidence replica takeover-test's previous run", new() { Timeout = 30_000 });
        await Assertions.Expect(customers.Locator("td.legacy")).ToHaveTextAsync("taking over…", Wait);
        await Assertions.Expect(page.Locator("#new-share")).ToHaveTextAsync("…", Wait);

        await transaction.RollbackAsync(TestContext.Current.CancellationToken);

        await Assertions.Expect(page.Locator("#taking-over")).ToBeHiddenAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(customers.Locator("td.legacy")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^0\.0 · "), Wait);
        await context.CloseAsync();
        await gateway.DisposeAsync();
        Directory.Delete(shared, recursive: true);
    }
}
