using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Strangler.Cli.Tests.Infrastructure;

namespace Strangler.Cli.Tests.Commands.Demo;

/// <summary>
/// The demo's proof that old and new data agree: <c>strangler demo reconcile</c> against the running demo's own files,
/// and the sync worker's continuous check on its status endpoint and the dashboard.
/// </summary>
public sealed partial class DemoReconcileTests(DemoLoopFixture demo) : IClassFixture<DemoLoopFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Reconcile_IsCleanThenFindsADocumentChangedBehindTheProjectionThenRepairsItOnTheNewSide()
    {
        const long id = 2;
        await demo.ProjectionCaughtUpAsync();
        var clean = await ReconcileAsync();
        Assert.True(clean.ExitCode == 0, clean.ToString());
        // Each customer read once from each side, said apart (the sum, "12 keys checked" for 6, read as a miscount).
        var counted = Regex.Match(clean.Output, @"customers-projection: (?<legacy>\d+) legacy keys and (?<store>\d+) store ids checked in [\d.]+ s, 0 findings");
        Assert.True(counted.Success, clean.Output);
        Assert.Equal(counted.Groups["legacy"].Value, counted.Groups["store"].Value);

        var email = await demo.LegacyScalarAsync<string>("SELECT Email FROM Customers WHERE Id = $key", id);
        Assert.False(string.IsNullOrEmpty(email), $"customer {id} is in the monolith's seed");
        demo.ChangeCustomerDocument(id, document => document["Email"] = "drifted@example.com");

        var drifted = await ReconcileAsync();
        Assert.True(drifted.ExitCode == 3, drifted.ToString());
        Assert.Contains("different: 1", drifted.Output);
        var finding = Assert.Single(await FindingsAsync(drifted));
        Assert.Equal("different", finding.GetProperty("kind").GetString());
        Assert.Equal(id, finding.GetProperty("key").GetInt64());
        var field = Assert.Single(finding.GetProperty("fields").EnumerateArray());
        Assert.Equal("Email", field.GetProperty("field").GetString());
        Assert.Equal(email, field.GetProperty("legacy").GetString());
        Assert.Equal("drifted@example.com", field.GetProperty("new").GetString());

        var repaired = await ReconcileAsync("--repair", "new");
        Assert.True(repaired.ExitCode == 0, repaired.ToString());
        Assert.Contains("repaired (new): 1", repaired.Output);
        Assert.Equal(email, demo.CustomerDocument(id)?["Email"].AsString);

        var after = await ReconcileAsync();
        Assert.True(after.ExitCode == 0, after.ToString());
        Assert.Empty(await FindingsAsync(after));
    }

    [Fact]
    public async Task Reconcile_RepairLegacy_WritesTheDocumentsCustomerRowBackIntoTheMonolith()
    {
        const long id = 3;
        await demo.ProjectionCaughtUpAsync();
        demo.ChangeCustomerDocument(id, document => document["Email"] = "kept-by-the-service@example.com");

        var repaired = await ReconcileAsync("--repair", "legacy");
        Assert.True(repaired.ExitCode == 0, repaired.ToString());
        Assert.Contains("different: 1", repaired.Output);
        Assert.Contains("repaired (legacy): 1", repaired.Output);
        Assert.Equal("kept-by-the-service@example.com", await demo.LegacyScalarAsync<string>("SELECT Email FROM Customers WHERE Id = $key", id));

        // The repair went through the backfill's marked write, so the capture did not send it back; both sides agree.
        var after = await ReconcileAsync();
        Assert.True(after.ExitCode == 0, after.ToString());
        Assert.Empty(await FindingsAsync(after));
        Assert.Equal("kept-by-the-service@example.com", demo.CustomerDocument(id)?["Email"].AsString);
    }

    [Fact]
    // Bug: the repair wrote the Customers row only. The addresses stayed as they were, while the run said
    // "repaired (legacy): 2" and exited 0, and the next run found both customers again.
    public async Task Reconcile_RepairLegacy_WritesTheCustomersAddressesToo_ChangedMissingAndStray()
    {
        const long changed = 4, moved = 5;
        await demo.ProjectionCaughtUpAsync();
        var changedAddress = await demo.LegacyScalarAsync<long>("SELECT MIN(Id) FROM Addresses WHERE CustomerId = $key", changed);
        var movedAddress = await demo.LegacyScalarAsync<long>("SELECT MIN(Id) FROM Addresses WHERE CustomerId = $key", moved);
        var movedStreet = await demo.LegacyScalarAsync<string>("SELECT Street FROM Addresses WHERE Id = $key", movedAddress);
        // Customer 4: the service's document has another city for the address. Customer 5: the monolith lost the address
        // the document has, and holds one the document does not.
        demo.ChangeCustomerDocument(changed, document =>
            document["Addresses"].AsArray.Single(a => a["_key"].AsInt64 == changedAddress)["City"] = "Kept-by-the-service City");
        await demo.LegacyBehindTheCaptureAsync("DELETE FROM Addresses WHERE Id = $key", movedAddress);
        await demo.LegacyBehindTheCaptureAsync(
            "INSERT INTO Addresses (CustomerId, Street, City, Kind) VALUES ($key, '1 Stray Lane', 'Nowhere', 'work')", moved);

        var repaired = await ReconcileAsync("--repair", "legacy");

        Assert.True(repaired.ExitCode == 0, repaired.ToString());
        Assert.Contains("different: 2", repaired.Output);
        Assert.Contains("repaired (legacy): 2", repaired.Output);
        Assert.Equal("Kept-by-the-service City", await demo.LegacyScalarAsync<string>("SELECT City FROM Addresses WHERE Id = $key", changedAddress));
        Assert.Equal(changed, await demo.LegacyScalarAsync<long>("SELECT CustomerId FROM Addresses WHERE Id = $key", changedAddress));
        Assert.Equal(movedStreet, await demo.LegacyScalarAsync<string>("SELECT Street FROM Addresses WHERE Id = $key", movedAddress));
        Assert.Equal(moved, await demo.LegacyScalarAsync<long>("SELECT CustomerId FROM Addresses WHERE Id = $key", movedAddress));
        Assert.Equal(0, await demo.LegacyScalarAsync<long>("SELECT COUNT(*) FROM Addresses WHERE Street = $key", "1 Stray Lane"));

        // Through the backfill's marked write again: only its deletes came back through the capture, as echoes that
        // change no live document, and both sides agree.
        var after = await ReconcileAsync();
        Assert.True(after.ExitCode == 0, after.ToString());
        Assert.Empty(await FindingsAsync(after));
        Assert.Equal("Kept-by-the-service City",
            demo.CustomerDocument(changed)!["Addresses"].AsArray.Single(a => a["_key"].AsInt64 == changedAddress)["City"].AsString);
    }

    [Fact]
    // Bug: for a customer only the monolith had, the repair deleted the Customers row alone, and nothing deleted its
    // address rows but a cascade, if the connection had foreign keys on.
    public async Task Reconcile_RepairLegacy_DeletesACustomerOnlyTheMonolithHasWithItsAddresses_AndBringsALostOneBackWithItsAddresses()
    {
        const long onlyLegacy = 9_000_001, lost = 1;
        await demo.ProjectionCaughtUpAsync();
        var lostAddresses = await demo.LegacyScalarAsync<long>("SELECT COUNT(*) FROM Addresses WHERE CustomerId = $key", lost);
        var lostStreet = await demo.LegacyScalarAsync<string>("SELECT Street FROM Addresses WHERE CustomerId = $key ORDER BY Id LIMIT 1", lost);
        Assert.True(lostAddresses > 0, $"customer {lost} has addresses in the monolith's seed");
        await demo.LegacyBehindTheCaptureAsync(
            "INSERT INTO Customers (Id, Name, Email, CreatedAt) VALUES ($key, 'Only Legacy', 'only@example.com', '2026-01-01T00:00:00Z')", onlyLegacy);
        await demo.LegacyBehindTheCaptureAsync("INSERT INTO Addresses (CustomerId, Street, City, Kind) VALUES ($key, '9 Old Road', 'Oldtown', 'home')", onlyLegacy);
        await demo.LegacyBehindTheCaptureAsync("DELETE FROM Addresses WHERE CustomerId = $key", lost);
        await demo.LegacyBehindTheCaptureAsync("DELETE FROM Customers WHERE Id = $key", lost);

        var repaired = await ReconcileAsync("--repair", "legacy");

        Assert.True(repaired.ExitCode == 0, repaired.ToString());
        Assert.Contains("missing-in-legacy: 1", repaired.Output);
        Assert.Contains("missing-in-new: 1", repaired.Output);
        Assert.Contains("repaired (legacy): 2", repaired.Output);
        Assert.Equal(0, await demo.LegacyScalarAsync<long>("SELECT COUNT(*) FROM Customers WHERE Id = $key", onlyLegacy));
        Assert.Equal(0, await demo.LegacyScalarAsync<long>("SELECT COUNT(*) FROM Addresses WHERE CustomerId = $key", onlyLegacy));
        Assert.Equal(1, await demo.LegacyScalarAsync<long>("SELECT COUNT(*) FROM Customers WHERE Id = $key", lost));
        Assert.Equal(lostAddresses, await demo.LegacyScalarAsync<long>("SELECT COUNT(*) FROM Addresses WHERE CustomerId = $key", lost));
        Assert.Equal(lostStreet, await demo.LegacyScalarAsync<string>("SELECT Street FROM Addresses WHERE CustomerId = $key ORDER BY Id LIMIT 1", lost));

        var after = await ReconcileAsync();
        Assert.True(after.ExitCode == 0, after.ToString());
        Assert.Empty(await FindingsAsync(after));
    }

    [Fact]
    public async Task Reconcile_WithoutTheDemosDatabases_ExitsOneNamingThePathAndCreatesNothing()
    {
        using var directory = new TempDirectory();

        var result = await CliRunner.RunAsync("demo", "reconcile", "--work-dir", directory.Path);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains(directory.Combine("legacy-monolith.db"), result.Error);
        Assert.Contains("start `strangler demo` first", result.Error);
        Assert.Empty(Directory.EnumerateFileSystemEntries(directory.Path));
    }

    [Fact]
    public async Task The_continuous_check_publishes_the_projections_drift_on_the_workers_status_and_the_dashboard()
    {
        // The check runs as the worker starts and then every 10 s in the demo. The first sample may race the projection
        // of the snapshot (a fresh store), so the wait spans several more runs, on a loaded machine, for one that found
        // every sampled key in step (it waited 150 s while the check ran once a minute).
        var drift = await Eventually.UntilAsync(
            DriftAsync,
            d => d.ValueKind == JsonValueKind.Object && d.GetProperty("sampled").GetInt32() > 0 && d.GetProperty("differing").GetInt32() == 0,
            "a continuous check of customers-projection with every sampled key in step", seconds: 60);
        Assert.Equal(0, drift.GetProperty("drift").GetDouble());
        var customers = await demo.LegacyScalarAsync<long>("SELECT COUNT(*) FROM Customers WHERE Id > $key", 0);
        // 120 a minute every 10 s, 20 keys a check, 10 legacy keys and 10 of the store's ids: the demo's few customers
        // are all sampled, on both sides.
        var fromNew = drift.GetProperty("sampledFromNew").GetInt32();
        Assert.InRange(drift.GetProperty("sampled").GetInt32() - fromNew, 1, customers);
        Assert.InRange(fromNew, 1, customers);

        using var dashboard = new HttpClient { BaseAddress = demo.Demo.Gateway };
        var signIn = await dashboard.PostAsJsonAsync("/_strangler/session", new { token = demo.Demo.AdminToken }, Ct);
        signIn.EnsureSuccessStatusCode();
        var shown = await Eventually.UntilAsync(
            async () => DashboardDrift(await dashboard.GetStringAsync("/_strangler/ui/overview", Ct)),
            // The worker's first check, as it starts and before its group assigns it partitions, is skipped (0 sampled):
            // the gateway may have polled that one first.
            d => d.ValueKind == JsonValueKind.Object && d.GetProperty("sampled").GetInt32() > 0,
            "a checked drift of customers-projection in the dashboard overview");
        Assert.True(shown.GetProperty("sampled").GetInt32() > 0, shown.ToString());
    }

    private Task<CliResult> ReconcileAsync(params string[] options) =>
        CliRunner.RunAsync(["demo", "reconcile", "--work-dir", demo.Demo.Settings.WorkDirectory, .. options]);

    private static async Task<List<JsonElement>> FindingsAsync(CliResult result)
    {
        var report = ReportLine().Match(result.Output);
        Assert.True(report.Success, result.ToString());
        var lines = await File.ReadAllLinesAsync(report.Groups[1].Value.Trim(), Ct);
        return [.. lines.Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement)];
    }

    private async Task<JsonElement> DriftAsync()
    {
        var status = JsonDocument.Parse(await demo.Sync.GetStringAsync("/_strangler/sync/status", Ct)).RootElement;
        return status.GetProperty("drift").EnumerateArray()
            .FirstOrDefault(d => d.GetProperty("projection").GetString() == "customers-projection");
    }

    private static JsonElement DashboardDrift(string overview) =>
        JsonDocument.Parse(overview).RootElement.GetProperty("subdomains").EnumerateArray()
            .SelectMany(s => s.GetProperty("sync").EnumerateArray())
            .Where(p => p.GetProperty("name").GetString() == "customers-projection" && p.TryGetProperty("drift", out var d) && d.ValueKind == JsonValueKind.Object)
            .Select(p => p.GetProperty("drift"))
            .FirstOrDefault();

    [GeneratedRegex(@"^report: (.+)$", RegexOptions.Multiline)]
    private static partial Regex ReportLine();
}
