using Microsoft.Extensions.Time.Testing;
using Strangler.LegacyDatabase.Dialects;
using Strangler.Sync.Backfill;
using Strangler.Sync.Reconcile;

namespace Strangler.Sync.Tests.Reconcile.RepairLegacy;

/// <summary>
/// <c>--repair legacy</c> on a projection with items (customers and their addresses), through the backfill's declared
/// mappings and <see cref="BackfillWriter"/>, against real PostgreSQL and SQLite.
/// </summary>
public sealed class LegacyRepairTests
{
    private static readonly LegacyRepairOptions Repair = LegacyRepairRig.Repair;

    public static TheoryData<LegacyProvider> Providers => LegacyRepairRig.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    // Bug: only the root's event was raised, so a changed, lost or stray address stayed as it was, and the key was
    // still reported repaired.
    public async Task The_items_are_written_from_the_document_and_a_stray_legacy_item_is_deleted(LegacyProvider provider)
    {
        await using var harness = await ReconcileHarness.CreateAsync(provider, customers: 20);
        await harness.LoadAsync();
        await PlantLegacyDriftAsync(harness);

        var summary = await RepairLegacyAsync(harness, Repair);

        Assert.Equal(1, summary.TotalFindings);
        Assert.Equal(1, summary.Repaired);
        Assert.Equal(
            [(31L, "City 3-1"), (32L, "City 3-2")],
            (await harness.Legacy.QueryAsync<(long, string)>("SELECT id, city FROM crm_addresses WHERE customer_id = 3 ORDER BY id")).ToList());
        Assert.Equal(0, (await harness.ReconcileAsync()).TotalFindings);
    }

    [Fact]
    public async Task An_array_not_named_in_Items_leaves_the_key_unrepaired_and_says_which_setting_is_missing()
    {
        await using var harness = await ReconcileHarness.CreateAsync(LegacyProvider.Sqlite, customers: 20);
        await harness.LoadAsync();
        await PlantLegacyDriftAsync(harness);

        var summary = await RepairLegacyAsync(harness, Repair with { Items = new Dictionary<string, LegacyRepairItemOptions>() });

        Assert.Equal(0, summary.Repaired);
        var finding = Assert.Single(harness.Report());
        Assert.False(finding.TryGetProperty("repaired", out var repaired) && repaired.ValueKind == System.Text.Json.JsonValueKind.String);
        Assert.Equal(
            "the crm_customers row was written, its addresses items were not: no Strangler:Sync:Reconcile:LegacyRepair:Items:addresses",
            finding.GetProperty("error").GetString());
        Assert.Equal(1, (await harness.ReconcileAsync()).TotalFindings);
    }

    [Fact]
    // Bug: a repair whose rows the row guard kept (they already reflect a newer event) was counted repaired, so the
    // promised clean second run found the same difference again.
    public async Task A_repair_older_than_the_rows_last_event_is_not_counted_repaired_and_says_why()
    {
        await using var harness = await ReconcileHarness.CreateAsync(LegacyProvider.Sqlite, customers: 20);
        await harness.LoadAsync();
        await PlantLegacyDriftAsync(harness);
        Assert.Equal(1, (await RepairLegacyAsync(harness, Repair)).Repaired);

        // The rows now carry the first repair's time; a repair stamped an hour earlier (a clock behind) is older.
        await PlantLegacyDriftAsync(harness);
        var behind = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-1));
        var summary = await RepairLegacyAsync(harness, Repair, behind);

        Assert.Equal(0, summary.Repaired);
        var finding = Assert.Single(harness.Report());
        Assert.StartsWith("not repaired: the legacy rows already reflect a newer event", finding.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, (await harness.ReconcileAsync()).TotalFindings);
    }

    [Fact]
    public void Items_naming_an_array_the_projection_lacks_or_without_event_types_are_all_named()
    {
        var options = Repair with
        {
            Items = new Dictionary<string, LegacyRepairItemOptions>
            {
                ["adresses"] = new() { UpsertEvent = "AddressReconciled", DeleteEvent = "AddressReconcileDeleted" },
                ["addresses"] = new() { UpsertEvent = " " },
            },
        };

        Assert.Equal(
        [
            "Strangler:Sync:Reconcile:LegacyRepair:Items:addresses:UpsertEvent: is required: the event type whose backfill mapping writes one item's row of the array 'addresses' (--repair legacy raises it as the service would)",
            "Strangler:Sync:Reconcile:LegacyRepair:Items:addresses:DeleteEvent: is required: the event type whose backfill mapping deletes one item's row of the array 'addresses' (--repair legacy raises it as the service would)",
            "Strangler:Sync:Reconcile:LegacyRepair:Items:adresses: the projection 'crm-customers' has no array 'adresses' (its arrays: addresses)",
        ], Sync.Reconcile.LegacyRepair.Errors(options, CustomerDataSet.Projection));
    }

    // Customer 3's addresses (31, 32) change in the legacy database after the load, with no CDC running to carry it:
    // 31 gets another city, 32 is lost, 39 is a stray. The store's document is the truth to write back.
    private static Task PlantLegacyDriftAsync(ReconcileHarness harness) => harness.Legacy.ExecAsync("""
        UPDATE crm_addresses SET city = 'Elsewhere' WHERE id = 31;
        DELETE FROM crm_addresses WHERE id = 32;
        INSERT INTO crm_addresses (id, customer_id, city) VALUES (39, 3, 'Stray');
        """);

    private static Task<ReconcileSummary> RepairLegacyAsync(ReconcileHarness harness, LegacyRepairOptions options, TimeProvider? repairTime = null) =>
        LegacyRepairRig.RunAsync(harness, options, repairTime);
}
