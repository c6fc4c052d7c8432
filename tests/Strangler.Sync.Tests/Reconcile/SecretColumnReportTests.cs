using System.Text.Json;
using Strangler.LegacyDatabase.Dialects;
using Strangler.Sync.Projection;
using Strangler.Sync.Stores;

namespace Strangler.Sync.Tests.Reconcile;

/// <summary>
/// A reconcile report is read by people and served over HTTP: the values of secret columns never appear in it, while
/// the fields that differ are still named. Real SQLite and the embedded store.
/// </summary>
public sealed class SecretColumnReportTests
{
    // credit_limit stands in for a secret column (a card number, a password hash); so does the addresses' city.
    private static ProjectionOptions WithSecrets(ProjectionOptions projection) => projection with
    {
        Root = projection.Root with
        {
            Columns = new Dictionary<string, ColumnMapping>(projection.Root.Columns)
            {
                ["credit_limit"] = new() { Name = "creditLimit", Type = "decimal", Redact = true },
            },
        },
        Children = [projection.Children[0] with { Columns = new Dictionary<string, ColumnMapping> { ["city"] = new() { Name = "town", Redact = true } } }],
    };

    [Fact]
    public async Task Differing_secret_fields_are_named_with_both_values_redacted()
    {
        await using var harness = await ReconcileHarness.CreateAsync(LegacyProvider.Sqlite, customers: 200);
        harness.Projection = WithSecrets(harness.Projection);
        await harness.LoadAsync();
        await harness.PlantAsync(
            new UpsertDocument(5L, new Dictionary<string, object?> { ["fullName"] = "Someone else", ["creditLimit"] = 99999.99m }, harness.PlantPosition),
            new UpsertItem(5L, "addresses", 51L, new Dictionary<string, object?> { ["town"] = "Atlantis" }, harness.PlantPosition));

        await harness.ReconcileAsync();

        var report = File.ReadAllText(harness.ReportPath);
        var fields = Assert.Single(harness.Report()).GetProperty("fields").EnumerateArray()
            .ToDictionary(f => f.GetProperty("field").GetString()!, f => (Legacy: Text(f.GetProperty("legacy")), New: Text(f.GetProperty("new"))));
        Assert.Equal(("Customer 5", "Someone else"), fields["fullName"]);
        Assert.Equal(("[redacted]", "[redacted]"), fields["creditLimit"]);
        Assert.Equal(("[redacted]", "[redacted]"), fields["addresses[51].town"]);
        Assert.DoesNotContain("99999", report);
        Assert.DoesNotContain("5.5", report);
        Assert.DoesNotContain("Atlantis", report);
        Assert.DoesNotContain("City 5-1", report);
    }

    [Fact]
    public async Task A_secret_value_the_mapping_cannot_convert_is_an_error_finding_that_does_not_quote_it()
    {
        await using var harness = await ReconcileHarness.CreateAsync(LegacyProvider.Sqlite, customers: 200);
        harness.Projection = WithSecrets(harness.Projection);
        await harness.LoadAsync();
        await harness.Legacy.ExecAsync("UPDATE crm_customers SET credit_limit = 'hunter2' WHERE id = 61");

        await harness.ReconcileAsync();

        var error = Assert.Single(harness.Report()).GetProperty("error").GetString();
        Assert.Equal("crm_customers.credit_limit: cannot convert String [redacted] to decimal", error);
        Assert.DoesNotContain("hunter2", File.ReadAllText(harness.ReportPath));
    }

    private static string? Text(JsonElement value) => value.ValueKind == JsonValueKind.Null ? null : value.ToString();
}
