using System.Text.Json;
using Strangler.LegacyDatabase.Dialects;
using Strangler.Sync.Stores;

namespace Strangler.Sync.Tests.Reconcile.RepairLegacy;

/// <summary>
/// A repair the legacy database refuses for one key: that finding says why, without row values, the batch's other
/// keys are repaired, and the job goes on to the end. Real PostgreSQL and SQLite.
/// </summary>
public sealed class FailedRepairTests
{
    [Theory]
    [MemberData(nameof(LegacyRepairRig.Providers), MemberType = typeof(LegacyRepairRig))]
    // Bug: the batch's one transaction failed, the exception stopped the job, and no key of it was repaired.
    public async Task A_key_whose_repair_violates_a_constraint_is_reported_and_the_rest_of_its_batch_is_repaired(LegacyProvider provider)
    {
        await using var harness = await ReconcileHarness.CreateAsync(provider, customers: 250);
        await harness.LoadAsync();
        // The document of 12 has no name, which crm_customers.name (NOT NULL) refuses; 13 and 14 are plain drift in the
        // same batch, and 14 is a key the new side deleted (its address deletes ride in the same transaction).
        await harness.PlantAsync(new UpsertDocument(12L, new Dictionary<string, object?> { ["fullName"] = null }, harness.PlantPosition));
        await harness.PlantAsync(new DeleteDocument(14L, harness.PlantPosition));
        await harness.Legacy.ExecAsync("UPDATE crm_customers SET name = 'Renamed' WHERE id IN (13, 213)");

        var summary = await LegacyRepairRig.RunAsync(harness);

        Assert.Equal(250 + 249, summary.KeysChecked); // the legacy keys, then the store's ids (14 is gone)
        Assert.Equal(4, summary.TotalFindings);
        Assert.Equal(3, summary.Repaired);
        var findings = harness.Report().ToDictionary(f => f.GetProperty("id").GetString()!);
        var failed = findings["crm-customers:different:12"];
        Assert.False(failed.TryGetProperty("repaired", out _));
        var error = failed.GetProperty("error").GetString()!;
        Assert.StartsWith("not repaired: the legacy write failed: ", error, StringComparison.Ordinal);
        Assert.Contains("name", error, StringComparison.Ordinal);
        AssertNoRowValues(error, 12);
        Assert.Equal("Customer 12", (await harness.Legacy.QueryAsync<string>("SELECT name FROM crm_customers WHERE id = 12")).Single());
        Assert.All(["crm-customers:different:13", "crm-customers:missing-in-new:14", "crm-customers:different:213"],
            id => Assert.Equal("legacy", findings[id].GetProperty("repaired").GetString()));
        Assert.Equal(0, await LegacyRepairRig.CountAsync(harness, "SELECT COUNT(*) FROM crm_addresses WHERE customer_id = 14"));

        var again = await harness.ReconcileAsync();
        Assert.Equal(["crm-customers:different:12"], harness.Report().Select(f => f.GetProperty("id").GetString()));
        Assert.Equal(1, again.TotalFindings);
    }

    [Fact]
    public async Task A_value_the_postgres_column_cannot_take_is_not_quoted_in_the_finding()
    {
        await using var harness = await ReconcileHarness.CreateAsync(LegacyProvider.Postgres, customers: 20);
        await harness.LoadAsync();
        await harness.PlantAsync(new UpsertDocument(7L, new Dictionary<string, object?> { ["creditLimit"] = "lots-of-money" }, harness.PlantPosition));

        var summary = await LegacyRepairRig.RunAsync(harness);

        Assert.Equal(0, summary.Repaired);
        var error = Assert.Single(harness.Report()).GetProperty("error").GetString()!;
        Assert.StartsWith("not repaired: the legacy write failed: 22P02: invalid input syntax for type numeric", error, StringComparison.Ordinal);
        Assert.DoesNotContain("lots-of-money", error, StringComparison.Ordinal);
        AssertNoRowValues(error, 7);
    }

    // The key's other values as the data set has them: name, credit limit, the date of "since".
    private static void AssertNoRowValues(string error, long id)
    {
        Assert.DoesNotContain($"Customer {id}", error, StringComparison.Ordinal);
        Assert.DoesNotContain($"{id}.5", error, StringComparison.Ordinal);
        Assert.DoesNotContain("2020-01-01", error, StringComparison.Ordinal);
        Assert.DoesNotContain(JsonSerializer.Serialize(id), error.Replace("22P02", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
