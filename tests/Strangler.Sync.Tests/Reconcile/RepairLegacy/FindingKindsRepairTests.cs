using Strangler.LegacyDatabase.Dialects;
using Strangler.Sync.Stores;

namespace Strangler.Sync.Tests.Reconcile.RepairLegacy;

/// <summary>
/// Every kind of finding repaired on the legacy side in one run, counted in the summary and marked in the report, and
/// a second run that finds nothing. Real PostgreSQL and SQLite, with a foreign key on the addresses and without.
/// </summary>
public sealed class FindingKindsRepairTests
{
    [Theory]
    [MemberData(nameof(LegacyRepairRig.EnginesWithAndWithoutForeignKey), MemberType = typeof(LegacyRepairRig))]
    public async Task Every_kind_of_finding_is_repaired_counted_and_marked_and_a_second_run_finds_nothing(LegacyProvider provider, bool foreignKey)
    {
        await using var harness = await ReconcileHarness.CreateAsync(provider, customers: 300);
        await harness.LoadAsync();
        var writeWith = foreignKey ? await LegacyRepairRig.AddForeignKeyAsync(harness) : harness.Legacy.ConnectionString;
        await harness.Legacy.ExecAsync("""
            UPDATE crm_customers SET name = 'Renamed' WHERE id = 10;
            UPDATE crm_addresses SET city = 'Elsewhere' WHERE id = 41;
            DELETE FROM crm_addresses WHERE id = 52;
            INSERT INTO crm_addresses (id, customer_id, city) VALUES (69, 6, 'Stray');
            DELETE FROM crm_addresses WHERE customer_id = 150;
            DELETE FROM crm_customers WHERE id = 150;
            """);
        await harness.PlantAsync(new DeleteDocument(250L, harness.PlantPosition));

        var summary = await LegacyRepairRig.RunAsync(harness, connectionString: writeWith);

        var findings = harness.Report().ToDictionary(f => f.GetProperty("id").GetString()!);
        Assert.Equal(
            ["crm-customers:different:10", "crm-customers:different:4", "crm-customers:different:5", "crm-customers:different:6",
             "crm-customers:missing-in-legacy:150", "crm-customers:missing-in-new:250"],
            findings.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(6, summary.TotalFindings);
        Assert.Equal(6, summary.Repaired);
        Assert.All(findings.Values, f => Assert.Equal("legacy", f.GetProperty("repaired").GetString()));
        Assert.All(findings.Values, f => Assert.False(f.TryGetProperty("error", out _)));

        Assert.Equal("Customer 10", (await harness.Legacy.QueryAsync<string>("SELECT name FROM crm_customers WHERE id = 10")).Single());
        Assert.Equal("City 4-1", (await harness.Legacy.QueryAsync<string>("SELECT city FROM crm_addresses WHERE id = 41")).Single());
        Assert.Equal(["City 5-1", "City 5-2"], await harness.Legacy.QueryAsync<string>("SELECT city FROM crm_addresses WHERE customer_id = 5 ORDER BY id"));
        Assert.Equal([61L, 62L], await harness.Legacy.QueryAsync<long>("SELECT id FROM crm_addresses WHERE customer_id = 6 ORDER BY id"));
        Assert.Equal("Customer 150", (await harness.Legacy.QueryAsync<string>("SELECT name FROM crm_customers WHERE id = 150")).Single());
        Assert.Equal([1501L, 1502L], await harness.Legacy.QueryAsync<long>("SELECT id FROM crm_addresses WHERE customer_id = 150 ORDER BY id"));
        Assert.Equal(0, await LegacyRepairRig.CountAsync(harness, "SELECT COUNT(*) FROM crm_customers WHERE id = 250"));
        Assert.Equal(0, await LegacyRepairRig.CountAsync(harness, "SELECT COUNT(*) FROM crm_addresses WHERE customer_id = 250"));
        Assert.Equal(299 * 2, await LegacyRepairRig.CountAsync(harness, "SELECT COUNT(*) FROM crm_addresses"));

        var again = await harness.ReconcileAsync();
        Assert.Equal(0, again.TotalFindings);
    }

    [Theory]
    [MemberData(nameof(LegacyRepairRig.Providers), MemberType = typeof(LegacyRepairRig))]
    // Bug: phase 2 reads only the root table, and the repair wrote the document's items only, so an address row left
    // under the lost customer's key (no foreign key) stayed, and the next run reported the customer different.
    public async Task A_key_missing_in_legacy_gets_its_items_back_and_loses_a_stray_row_left_under_its_key(LegacyProvider provider)
    {
        await using var harness = await ReconcileHarness.CreateAsync(provider, customers: 20);
        await harness.LoadAsync();
        await harness.Legacy.ExecAsync("""
            DELETE FROM crm_customers WHERE id = 15;
            DELETE FROM crm_addresses WHERE id = 152;
            INSERT INTO crm_addresses (id, customer_id, city) VALUES (159, 15, 'Left behind');
            """);

        var summary = await LegacyRepairRig.RunAsync(harness);

        Assert.Equal(1, summary.Findings["missing-in-legacy"]);
        Assert.Equal(1, summary.Repaired);
        Assert.Equal(
            [(151L, "City 15-1"), (152L, "City 15-2")],
            (await harness.Legacy.QueryAsync<(long, string)>("SELECT id, city FROM crm_addresses WHERE customer_id = 15 ORDER BY id")).ToList());
        Assert.Equal(0, (await harness.ReconcileAsync()).TotalFindings);
    }

    [Fact]
    public async Task An_error_finding_is_reported_as_it_is_and_not_repaired_while_the_others_are()
    {
        await using var harness = await ReconcileHarness.CreateAsync(LegacyProvider.Sqlite, customers: 20);
        await harness.LoadAsync();
        await harness.Legacy.ExecAsync("UPDATE crm_customers SET credit_limit = 'lots' WHERE id = 11; UPDATE crm_customers SET name = 'Renamed' WHERE id = 12");

        var summary = await LegacyRepairRig.RunAsync(harness);

        Assert.Equal(2, summary.TotalFindings);
        Assert.Equal(1, summary.Repaired);
        var findings = harness.Report().ToDictionary(f => f.GetProperty("id").GetString()!);
        Assert.False(findings["crm-customers:error:11"].TryGetProperty("repaired", out _));
        Assert.Contains("cannot convert", findings["crm-customers:error:11"].GetProperty("error").GetString());
        Assert.Equal("legacy", findings["crm-customers:different:12"].GetProperty("repaired").GetString());
        Assert.Equal("lots", (await harness.Legacy.QueryAsync<string>("SELECT credit_limit FROM crm_customers WHERE id = 11")).Single());
        Assert.Equal("Customer 12", (await harness.Legacy.QueryAsync<string>("SELECT name FROM crm_customers WHERE id = 12")).Single());
    }
}
