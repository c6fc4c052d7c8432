using Strangler.LegacyDatabase.Dialects;
using Strangler.Sync.Stores;

namespace Strangler.Sync.Tests.Reconcile.RepairLegacy;

/// <summary>
/// <c>--repair legacy</c> for a key the new side deleted (legacy rows, no document): the customer's address rows go
/// with its row, deleted first and in the same transaction, whether or not a foreign key ties them to it. Real
/// PostgreSQL and SQLite.
/// </summary>
public sealed class MissingInNewRepairTests
{
    [Theory]
    [MemberData(nameof(LegacyRepairRig.EnginesWithAndWithoutForeignKey), MemberType = typeof(LegacyRepairRig))]
    // Bug: only the customer row was deleted. Without a foreign key its addresses stayed behind, orphaned, and the next
    // run, which reads from the customers table, did not see them; with a foreign key without cascade the delete
    // failed and the whole job stopped.
    public async Task A_key_the_new_side_deleted_loses_its_child_rows_before_its_root_row(LegacyProvider provider, bool foreignKey)
    {
        await using var harness = await ReconcileHarness.CreateAsync(provider, customers: 20);
        await harness.LoadAsync();
        var writeWith = foreignKey ? await LegacyRepairRig.AddForeignKeyAsync(harness) : harness.Legacy.ConnectionString;
        // Customer 19 has no addresses left, so the batch's first delete is of a customer: the address deletes of
        // customer 20 must still come before it.
        await harness.Legacy.ExecAsync("DELETE FROM crm_addresses WHERE customer_id = 19");
        await harness.PlantAsync(new DeleteDocument(19L, harness.PlantPosition), new DeleteDocument(20L, harness.PlantPosition));

        var summary = await LegacyRepairRig.RunAsync(harness, connectionString: writeWith);

        Assert.Equal(2, summary.Findings["missing-in-new"]);
        Assert.Equal(2, summary.TotalFindings);
        Assert.Equal(2, summary.Repaired);
        Assert.All(harness.Report(), f => Assert.Equal("legacy", f.GetProperty("repaired").GetString()));
        Assert.Equal(0, await LegacyRepairRig.CountAsync(harness, "SELECT COUNT(*) FROM crm_customers WHERE id IN (19, 20)"));
        Assert.Equal(0, await LegacyRepairRig.CountAsync(harness, "SELECT COUNT(*) FROM crm_addresses WHERE customer_id IN (19, 20)"));
        Assert.Equal(18 * 2, await LegacyRepairRig.CountAsync(harness, "SELECT COUNT(*) FROM crm_addresses"));
        Assert.Equal(0, (await harness.ReconcileAsync()).TotalFindings);
    }

    [Fact]
    public async Task Without_an_Items_setting_for_the_addresses_the_key_is_left_whole_and_its_finding_says_why()
    {
        await using var harness = await ReconcileHarness.CreateAsync(LegacyProvider.Sqlite, customers: 20);
        await harness.LoadAsync();
        await harness.PlantAsync(new DeleteDocument(20L, harness.PlantPosition));

        var summary = await LegacyRepairRig.RunAsync(harness, LegacyRepairRig.Repair with { Items = new Dictionary<string, Sync.Reconcile.LegacyRepairItemOptions>() });

        Assert.Equal(0, summary.Repaired);
        var finding = Assert.Single(harness.Report());
        Assert.False(finding.TryGetProperty("repaired", out _));
        Assert.Equal(
            "not repaired: deleting the crm_customers row would leave its crm_addresses rows (addresses): no Strangler:Sync:Reconcile:LegacyRepair:Items:addresses",
            finding.GetProperty("error").GetString());
        Assert.Equal(1, await LegacyRepairRig.CountAsync(harness, "SELECT COUNT(*) FROM crm_customers WHERE id = 20"));
        Assert.Equal(2, await LegacyRepairRig.CountAsync(harness, "SELECT COUNT(*) FROM crm_addresses WHERE customer_id = 20"));
    }
}
