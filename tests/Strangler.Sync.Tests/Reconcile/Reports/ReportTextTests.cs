using Strangler.LegacyDatabase.Dialects;

namespace Strangler.Sync.Tests.Reconcile.Reports;

/// <summary>
/// The report is read with grep and jq: a value appears in it as written. The default JSON encoder, made for JSON
/// inside HTML, wrote O'Brien as O\u0027Brien and every accented letter as an escape, so a grep for the name found
/// nothing.
/// </summary>
public sealed class ReportTextTests
{
    [Fact]
    public async Task A_value_with_quotes_accents_and_markup_appears_verbatim_and_still_parses()
    {
        const string name = "Zoë O'Brien <&> \"Ltd\"";
        await using var harness = await ReconcileHarness.CreateAsync(LegacyProvider.Sqlite, customers: 20);
        await harness.LoadAsync();
        await harness.Legacy.ExecAsync("UPDATE crm_customers SET name = @name WHERE id = 7", new { name });
        harness.Options = harness.Options with { RecheckDelay = TimeSpan.Zero };

        await harness.ReconcileAsync();

        var line = Assert.Single(File.ReadAllLines(harness.ReportPath));
        // Only what JSON itself requires is escaped: the double quotes.
        Assert.Contains("\"legacy\":\"Zoë O'Brien <&> \\\"Ltd\\\"\"", line, StringComparison.Ordinal);
        var field = Assert.Single(Assert.Single(harness.Report()).GetProperty("fields").EnumerateArray());
        Assert.Equal(name, field.GetProperty("legacy").GetString());
    }
}
