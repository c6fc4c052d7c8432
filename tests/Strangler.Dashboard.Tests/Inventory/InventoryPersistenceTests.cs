using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Strangler.Dashboard.Tests.Infrastructure;
using Strangler.Gateway.Dashboard;
using Strangler.Gateway.Dashboard.Inventory;

namespace Strangler.Dashboard.Tests.Inventory;

public sealed class InventoryPersistenceTests(Upstreams upstreams) : IDisposable
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("strangler-inventory-");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private string File => Path.Combine(_directory.FullName, "inventory.json");

    private (EndpointInventory, InventoryPersistence) Create()
    {
        var options = Options.Create(new DashboardOptions { InventoryFile = File, RetireAfterDays = 10 });
        var inventory = new EndpointInventory(options, _time);
        return (inventory, new InventoryPersistence(inventory, options, _time, NullLogger<InventoryPersistence>.Instance));
    }

    [Fact]
    public void SaveThenLoad_KeepsCountsAndLastHit_SoIdleEndpointsBecomeRetireCandidatesAcrossRestarts()
    {
        var (before, saver) = Create();
        before.Record("orders", "GET", "/orders/export", "legacy", 200);
        before.Record("orders", "GET", "/orders/export", "new", 200);
        saver.Save(File);

        _time.Advance(TimeSpan.FromDays(11));
        var (after, loader) = Create();
        loader.Load(File);

        var entry = Assert.Single(after.Snapshot());
        Assert.Equal((1L, 1L, true, true), (entry.LegacyHits, entry.NewHits, entry.ServedByNew, entry.RetireCandidate));
        Assert.False(System.IO.File.Exists(File + ".tmp"));
    }

    [Fact]
    public void Load_AFileSavedBeforeValuesWereFolded_FoldsThemNow_AndAddsUpWhatFoldsToOneTemplate()
    {
        // As an earlier version saved them: e-mail addresses and a token whole, ids folded.
        System.IO.File.WriteAllText(File, JsonSerializer.Serialize(new[]
        {
            Saved("/customers/by-email/ada@example.com", legacy: 3, new DateTimeOffset(2025, 12, 30, 0, 0, 0, TimeSpan.Zero)),
            Saved("/customers/by-email/bob@example.com", legacy: 2, new DateTimeOffset(2025, 12, 31, 0, 0, 0, TimeSpan.Zero)),
            Saved("/magic-link/eyJhbGciOiJIUzI1NiJ9x1", legacy: 1, new DateTimeOffset(2025, 12, 29, 0, 0, 0, TimeSpan.Zero)),
            Saved("/customers/{id}/orders", legacy: 7, new DateTimeOffset(2025, 12, 29, 0, 0, 0, TimeSpan.Zero)),
        }, Web));
        var (inventory, loader) = Create();

        loader.Load(File);

        var entries = inventory.Snapshot().ToDictionary(e => e.Template);
        Assert.Equal(["/customers/by-email/{value}", "/customers/{id}/orders", "/magic-link/{value}"], entries.Keys.Order(StringComparer.Ordinal));
        Assert.Equal((5L, new DateTimeOffset(2025, 12, 31, 0, 0, 0, TimeSpan.Zero)),
            (entries["/customers/by-email/{value}"].LegacyHits, entries["/customers/by-email/{value}"].LastHit));
        Assert.Equal(7L, entries["/customers/{id}/orders"].LegacyHits);
        Assert.DoesNotContain("example.com", JsonSerializer.Serialize(inventory.Snapshot()), StringComparison.Ordinal);
    }

    private static InventoryEntry Saved(string template, long legacy, DateTimeOffset lastHit) =>
        new("customers", "GET", template, legacy, 0, lastHit, ServedByNew: false, RetireCandidate: false);

    [Fact]
    public void Load_UnreadableFile_IsMovedAsideAndTheInventoryStartsEmpty()
    {
        System.IO.File.WriteAllText(File, "{ not json");
        var (inventory, loader) = Create();

        loader.Load(File);

        Assert.Empty(inventory.Snapshot());
        Assert.False(System.IO.File.Exists(File));
        Assert.Equal("{ not json", System.IO.File.ReadAllText(File + ".unreadable"));
    }

    [Fact]
    public async Task Gateway_Restarted_StillListsWhatItLearnedBefore()
    {
        var settings = new Dictionary<string, string?> { ["Strangler:Dashboard:InventoryFile"] = File };
        await using (var first = await GatewayUnderTest.StartAsync(upstreams, settings))
        {
            using var client = first.Client();
            await first.SendAsync(client, "/orders/{i}", 3, "legacy");
        }

        await using var second = await GatewayUnderTest.StartAsync(upstreams, settings);
        var (signedIn, _) = await second.SignedInClientAsync();
        using var __ = signedIn;
        var inventory = await signedIn.GetFromJsonAsync<JsonElement>("/_strangler/ui/inventory", TestContext.Current.CancellationToken);

        var entry = Assert.Single(inventory.GetProperty("entries").EnumerateArray());
        Assert.Equal(("/orders/{id}", 3L), (entry.GetProperty("template").GetString(), entry.GetProperty("legacyHits").GetInt64()));
    }

    public void Dispose() => _directory.Delete(recursive: true);
}
