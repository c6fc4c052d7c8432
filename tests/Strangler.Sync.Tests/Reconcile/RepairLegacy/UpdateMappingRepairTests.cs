using Strangler.LegacyDatabase.Dialects;
using Strangler.Sync.Backfill;

namespace Strangler.Sync.Tests.Reconcile.RepairLegacy;

/// <summary>
/// <c>--repair legacy</c> through update mappings (the backfill's <c>"Operation": "update"</c>), which never insert: a
/// key whose rows exist is repaired column by column; a key whose row is missing cannot be, and its finding says so
/// and why, instead of being skipped in silence. Real PostgreSQL and SQLite.
/// </summary>
public sealed class UpdateMappingRepairTests
{
    private static readonly Dictionary<string, EventMappingOptions> Mappings = LegacyRepairRig.Mappings.ToDictionary(
        m => m.Key, m => m.Key is "CustomerReconciled" or "AddressReconciled" ? m.Value with { Operation = "update" } : m.Value);

    [Theory]
    [MemberData(nameof(LegacyRepairRig.Providers), MemberType = typeof(LegacyRepairRig))]
    public async Task Existing_rows_are_repaired_and_a_missing_row_is_not_and_its_finding_says_why(LegacyProvider provider)
    {
        await using var harness = await ReconcileHarness.CreateAsync(provider, customers: 20);
        await harness.LoadAsync();
        await harness.Legacy.ExecAsync("""
            UPDATE crm_customers SET name = 'Renamed' WHERE id = 10;
            UPDATE crm_addresses SET city = 'Elsewhere' WHERE id = 41;
            DELETE FROM crm_addresses WHERE id = 52;
            DELETE FROM crm_addresses WHERE customer_id = 15;
            DELETE FROM crm_customers WHERE id = 15;
            """);

        var summary = await LegacyRepairRig.RunAsync(harness, mappings: Mappings);

        var findings = harness.Report().ToDictionary(f => f.GetProperty("id").GetString()!);
        Assert.Equal(4, summary.TotalFindings);
        Assert.Equal(2, summary.Repaired);
        Assert.Equal("legacy", findings["crm-customers:different:10"].GetProperty("repaired").GetString());
        Assert.Equal("legacy", findings["crm-customers:different:4"].GetProperty("repaired").GetString());
        Assert.Equal(
            "not repaired: the crm_customers row is missing and the backfill mapping of 'CustomerReconciled' is an update, which does " +
            "not insert: name an event type with an upsert mapping in Strangler:Sync:Reconcile:LegacyRepair:UpsertEvent",
            findings["crm-customers:missing-in-legacy:15"].GetProperty("error").GetString());
        Assert.Equal(
            "not repaired: the legacy write failed: no row with id = 52 in crm_addresses; an update mapping does not insert",
            findings["crm-customers:different:5"].GetProperty("error").GetString());

        Assert.Equal("Customer 10", (await harness.Legacy.QueryAsync<string>("SELECT name FROM crm_customers WHERE id = 10")).Single());
        Assert.Equal("City 4-1", (await harness.Legacy.QueryAsync<string>("SELECT city FROM crm_addresses WHERE id = 41")).Single());
        Assert.Equal(0, await LegacyRepairRig.CountAsync(harness, "SELECT COUNT(*) FROM crm_customers WHERE id = 15"));
        Assert.Equal(0, await LegacyRepairRig.CountAsync(harness, "SELECT COUNT(*) FROM crm_addresses WHERE customer_id = 15"));
        Assert.Equal(2, (await harness.ReconcileAsync()).TotalFindings);
    }
}
