using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Strangler.Gateway.Dashboard;
using Strangler.Gateway.Dashboard.Inventory;

namespace Strangler.Dashboard.Tests.Inventory;

public sealed class EndpointInventoryTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private EndpointInventory Create(int cap = 100, int retireAfterDays = 30) =>
        new(Options.Create(new DashboardOptions { MaxInventoryTemplates = cap, RetireAfterDays = retireAfterDays }), _time);

    [Fact]
    public void Record_CountsPerSideAndKeepsLastHit()
    {
        var inventory = Create();
        inventory.Record("customers", "GET", "/customers/{id}", "legacy", 200);
        _time.Advance(TimeSpan.FromMinutes(5));
        inventory.Record("customers", "GET", "/customers/{id}", "new", 200);

        var entry = Assert.Single(inventory.Snapshot());
        Assert.Equal((1L, 1L), (entry.LegacyHits, entry.NewHits));
        Assert.Equal(_time.GetUtcNow(), entry.LastHit);
        Assert.True(entry.ServedByNew);
    }

    [Fact]
    public void Record_NewSideAnswering404_IsNotCountedAsServedByNew()
    {
        var inventory = Create();
        inventory.Record("customers", "DELETE", "/customers/{id}", "new", 404);

        Assert.False(Assert.Single(inventory.Snapshot()).ServedByNew);
    }

    [Fact]
    public void Snapshot_EndpointIdleLongerThanThreshold_IsRetireCandidate()
    {
        var inventory = Create(retireAfterDays: 7);
        inventory.Record("orders", "GET", "/orders/export", "legacy", 200);
        _time.Advance(TimeSpan.FromDays(3));
        inventory.Record("orders", "GET", "/orders", "legacy", 200);
        _time.Advance(TimeSpan.FromDays(5));

        var entries = inventory.Snapshot().ToDictionary(e => e.Template);
        Assert.True(entries["/orders/export"].RetireCandidate);
        Assert.False(entries["/orders"].RetireCandidate);
    }

    [Fact]
    public void Record_BeyondTemplateCap_CountsDroppedAndKeepsKnownEntriesCounting()
    {
        var inventory = Create(cap: 2);
        inventory.Record("a", "GET", "/one", "legacy", 200);
        inventory.Record("a", "GET", "/two", "legacy", 200);
        inventory.Record("a", "GET", "/three", "legacy", 200);
        inventory.Record("a", "GET", "/one", "legacy", 200);

        var entries = inventory.Snapshot();
        Assert.Equal(2, entries.Count);
        Assert.Equal(1, inventory.Dropped);
        Assert.Equal(2, entries.Single(e => e.Template == "/one").LegacyHits);
    }
}
