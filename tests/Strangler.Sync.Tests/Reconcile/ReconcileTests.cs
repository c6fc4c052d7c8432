using System.Text.Json;
using Strangler.LegacyDatabase.Dialects;
using Strangler.Sync.Projection;
using Strangler.Sync.Stores;

namespace Strangler.Sync.Tests.Reconcile;

/// <summary>Reconcile against real PostgreSQL and SQLite with a generated data set of 2,000 customers and 4,000 addresses.</summary>
public sealed class ReconcileTests
{
    public static TheoryData<LegacyProvider> Providers => [LegacyProvider.Postgres, LegacyProvider.Sqlite];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_loaded_store_reconciles_clean(LegacyProvider provider)
    {
        await using var harness = await ReconcileHarness.CreateAsync(provider);
        var load = await harness.LoadAsync();
        Assert.Equal(2000, load.KeysLoaded);

        var summary = await harness.ReconcileAsync();

        Assert.Equal(0, summary.TotalFindings);
        Assert.Equal(4000, summary.KeysChecked); // 2,000 legacy keys, then 2,000 store ids
        Assert.Equal(2000, summary.LegacyKeysChecked);
        Assert.Empty(harness.Report());
        var document = await harness.Store.FindLiveAsync("crm_customers", 7L, CancellationToken.None);
        Assert.Equal("Customer 7", document!["fullName"]);
        Assert.Equal(7.50m, document["creditLimit"]);
        Assert.Equal(2, ((List<object?>)document["addresses"]!).Count);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Planted_differences_are_all_found_and_nothing_else_then_repair_leaves_nothing(LegacyProvider provider)
    {
        await using var harness = await ReconcileHarness.CreateAsync(provider);
        await harness.LoadAsync();
        await PlantAsync(harness);

        var summary = await harness.ReconcileAsync();

        var findings = harness.Report().ToDictionary(f => f.GetProperty("id").GetString()!);
        Assert.Equal(
            ["crm-customers:different:10", "crm-customers:different:40", "crm-customers:different:50", "crm-customers:missing-in-legacy:30",
             "crm-customers:missing-in-new:20", "crm-customers:missing-in-new:5000"],
            findings.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(6, summary.TotalFindings);
        Assert.Equal([("fullName", "Renamed", "Customer 10")], Fields(findings["crm-customers:different:10"]));
        Assert.Equal([("addresses[401].town", "City 40-1", "Nowhere")], Fields(findings["crm-customers:different:40"]));
        Assert.Equal([("addresses[502]", null, "present")], Fields(findings["crm-customers:different:50"]));

        var repair = await harness.ReconcileAsync(repair: "new");
        Assert.Equal(6, repair.Repaired);
        Assert.All(harness.Report(), f => Assert.Equal("new", f.GetProperty("repaired").GetString()));

        var again = await harness.ReconcileAsync();
        Assert.Equal(0, again.TotalFindings);
        Assert.Empty(harness.Report());
        Assert.Null(await harness.Store.FindLiveAsync("crm_customers", 30L, CancellationToken.None));
        Assert.Equal("Renamed", (await harness.Store.FindLiveAsync("crm_customers", 10L, CancellationToken.None))!["fullName"]);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_job_killed_midway_resumes_without_losing_or_repeating_a_finding(LegacyProvider provider)
    {
        await using var harness = await ReconcileHarness.CreateAsync(provider);
        await harness.LoadAsync();
        // One drifted document in every batch of 100 keys.
        for (var id = 5L; id <= 2000; id += 100)
        {
            await harness.PlantAsync(new UpsertDocument(id, new Dictionary<string, object?> { ["fullName"] = "drift" }, harness.PlantPosition));
        }

        var full = await harness.ReconcileAsync();
        var expected = harness.Report().Select(f => f.GetProperty("id").GetString()).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(20, expected.Count);

        using var kill = new CancellationTokenSource();
        var batches = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => harness.ReconcileAsync(
            progress: p =>
            {
                // The first report comes before any batch (KeysDone 0 on a fresh run) and is not counted.
                if (p.KeysDone > 0 && ++batches == 7)
                {
                    kill.Cancel();
                }
            }, cancellationToken: kill.Token));
        // As if the process died after flushing a batch's findings but before saving the checkpoint: that batch's
        // lines are in the report past the checkpoint's length, and must not survive the resume.
        // Batches done before the stop commit too: the job runs batches ahead of the one it commits (to go on while a
        // batch waits for its recheck), up to the end of phase 1.
        var checkpointed = harness.Report().Count;
        Assert.InRange(checkpointed, 7, 20);
        File.AppendAllText(harness.ReportPath, File.ReadAllLines(harness.ReportPath)[^1] + "\n");

        var resumed = await harness.ReconcileAsync(restart: false);

        var ids = harness.Report().Select(f => f.GetProperty("id").GetString()).ToList();
        Assert.Equal(expected, ids.Order(StringComparer.Ordinal));
        Assert.Equal(full.KeysChecked, resumed.KeysChecked);
        Assert.Equal(20, resumed.TotalFindings);
    }

    [Fact]
    public async Task A_postgres_row_that_cannot_be_read_is_a_finding_with_its_error_and_the_job_goes_on()
    {
        await using var harness = await ReconcileHarness.CreateAsync(LegacyProvider.Postgres);
        await harness.LoadAsync();
        await harness.Legacy.ExecAsync("ALTER TABLE crm_customers ALTER COLUMN credit_limit TYPE numeric; UPDATE crm_customers SET credit_limit = 'NaN' WHERE id = 60");

        var summary = await harness.ReconcileAsync();

        var finding = Assert.Single(harness.Report());
        Assert.Equal("crm-customers:error:60", finding.GetProperty("id").GetString());
        Assert.Contains("credit_limit", finding.GetProperty("error").GetString());
        Assert.Equal(4000, summary.KeysChecked);
    }

    // Npgsql reads 'infinity' as DateTime.MaxValue (and '-infinity' as MinValue), which no document date can equal:
    // without a check, the row was a "different" finding showing 9999-12-31T23:59:59.9999999Z as the legacy value.
    [Theory]
    [InlineData("timestamptz", "infinity", "infinity")]
    [InlineData("timestamp", "-infinity", "-infinity")]
    [InlineData("date", "infinity", "infinity")]
    public async Task A_postgres_infinite_date_is_an_error_finding_naming_the_column_and_infinity(string type, string value, string shown)
    {
        await using var harness = await ReconcileHarness.CreateAsync(LegacyProvider.Postgres);
        await harness.Legacy.ExecAsync($"ALTER TABLE crm_customers ALTER COLUMN since TYPE {type}");
        if (type == "date")
        {
            var columns = new Dictionary<string, ColumnMapping>(harness.Projection.Root.Columns) { ["since"] = new() { Type = "date" } };
            harness.Projection = harness.Projection with { Root = harness.Projection.Root with { Columns = columns } };
        }

        await harness.LoadAsync();
        await harness.Legacy.ExecAsync($"UPDATE crm_customers SET since = '{value}' WHERE id = 62; UPDATE crm_customers SET since = '0001-01-01' WHERE id = 63");

        await harness.ReconcileAsync();

        // Key 63, a real first day of year 1 (the same DateTime as '-infinity'), is a plain difference, not an error.
        var findings = harness.Report().ToDictionary(f => f.GetProperty("id").GetString()!);
        Assert.Equal(["crm-customers:different:63", "crm-customers:error:62"], findings.Keys.Order());
        var error = findings["crm-customers:error:62"].GetProperty("error").GetString()!;
        Assert.Contains("'since'", error);
        Assert.Contains(shown, error);
    }

    [Fact]
    public async Task A_sqlite_value_the_mapping_cannot_convert_is_a_finding_with_its_error()
    {
        await using var harness = await ReconcileHarness.CreateAsync(LegacyProvider.Sqlite);
        await harness.LoadAsync();
        await harness.Legacy.ExecAsync("UPDATE crm_customers SET credit_limit = 'lots' WHERE id = 61");

        await harness.ReconcileAsync();

        var finding = Assert.Single(harness.Report());
        Assert.Equal("crm-customers:error:61", finding.GetProperty("id").GetString());
        Assert.Contains("cannot convert", finding.GetProperty("error").GetString());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_difference_that_CDC_fixes_before_the_recheck_is_not_reported(LegacyProvider provider)
    {
        await using var harness = await ReconcileHarness.CreateAsync(provider);
        await harness.LoadAsync();
        harness.Options = harness.Options with { RecheckDelay = TimeSpan.FromMilliseconds(200) };
        await harness.Legacy.ExecAsync("UPDATE crm_customers SET name = 'Busy' WHERE id IN (70, 71)");
        // Stands for the projection: after the first look at key 70, its change arrives; key 71's never does.
        var store = new CdcCatchingUp(harness.Store, 70L, new UpsertDocument(70L, new Dictionary<string, object?> { ["fullName"] = "Busy" }, harness.PlantPosition));

        await harness.ReconcileAsync(store: store);

        Assert.Equal(["crm-customers:different:71"], harness.Report().Select(f => f.GetProperty("id").GetString()));
    }

    private static async Task PlantAsync(ReconcileHarness harness)
    {
        var at = harness.PlantPosition;
        await harness.Legacy.ExecAsync("UPDATE crm_customers SET name = 'Renamed' WHERE id = 10");
        await harness.PlantAsync(new DeleteDocument(20L, at), new UpsertItem(40L, "addresses", 401L, new Dictionary<string, object?> { ["id"] = 401L, ["customer_id"] = 40L, ["town"] = "Nowhere" }, at));
        await harness.Legacy.ExecAsync("DELETE FROM crm_addresses WHERE customer_id = 30; DELETE FROM crm_customers WHERE id = 30; DELETE FROM crm_addresses WHERE id = 502");
        await harness.Legacy.ExecAsync("INSERT INTO crm_customers (id, name, credit_limit) VALUES (5000, 'Late', 1)");
    }

    private static List<(string, string?, string?)> Fields(JsonElement finding) =>
        finding.GetProperty("fields").EnumerateArray()
            .Select(f => (f.GetProperty("field").GetString()!, Text(f.GetProperty("legacy")), Text(f.GetProperty("new")))).ToList();

    private static string? Text(JsonElement value) => value.ValueKind == JsonValueKind.Null ? null : value.ToString();
}
