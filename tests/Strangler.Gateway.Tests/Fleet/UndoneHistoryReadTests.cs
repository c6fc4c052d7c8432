using System.Diagnostics.Metrics;
using Npgsql;
using Strangler.Gateway.Admin;
using Strangler.Gateway.Configuration;
using Strangler.Gateway.Fleet;
using Strangler.Gateway.Tests.Infrastructure;
using Strangler.LegacyDatabase.Dialects;

namespace Strangler.Gateway.Tests.Fleet;

/// <summary>
/// Bug: to name a flip it would undo, <c>routes apply</c> (and its dry run) read the fleet's history from the oldest
/// revision among the routes it replaces, so one route unchanged since revision 1 made every apply read the whole log,
/// which grows with every flip and rollout step. It now reads only the entries of the revisions that last changed
/// those routes. Measured by the bytes the driver reads for the client's own connections.
/// </summary>
public sealed class UndoneHistoryReadTests
{
    private const int LaterApplies = 200;

    [Fact]
    public async Task Bug_AnApplyReadTheWholeHistory_ForARouteUnchangedSinceRevisionOne()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var fleet = await FleetRig.StartAsync(replicas: 0);
        var application = "undone-" + Guid.NewGuid().ToString("N")[..8];
        var client = new FleetStoreClient("postgres",
            new NpgsqlConnectionStringBuilder(fleet.ConnectionString) { ApplicationName = application }.ConnectionString);
        var store = new RouteStateStore(LegacyProvider.Postgres, fleet.ConnectionString);
        await client.ApplyAsync([Route(fleet, "customers"), Route(fleet, "orders")], "release 1", "ci", ct);
        // A flip made through a replica, after which only another route changes, many times over.
        var first = await store.LoadAsync(ct);
        var flipped = first.Routes.Single(r => r.Name == "customers") with { Mode = RouteMode.Canary, CanaryPercentage = 20, Revision = 2 };
        var orders = first.Routes.Single(r => r.Name == "orders");
        Assert.True((await store.TryCommitAsync(1, new RouteState { Revision = 2, Routes = [flipped, orders], UpdatedAt = DateTimeOffset.UtcNow },
            [new RouteChange
            {
                At = DateTimeOffset.UtcNow, Actor = "ada", Reason = "first users", Action = "flip", Subdomain = "customers",
                From = "legacy", To = "canary:20", Revision = 2,
            }], ct)).Committed);
        var reason = new string('r', RouteChanges.MaxReason - 10);
        for (var i = 0; i < LaterApplies; i++)
        {
            await client.ApplyAsync([flipped, orders, Route(fleet, "billing", i % 2 == 0 ? "legacy" : "new")], $"{reason} {i}", "ci", ct);
        }

        using var bytes = new BytesRead(application);
        var plan = await client.PlanApplyAsync([Route(fleet, "customers"), Route(fleet, "orders", "new"), Route(fleet, "billing", "legacy")], ct);
        var read = bytes.Total();

        // Behaviour as before: the flip is named, the route last changed by an apply is not.
        var undone = Assert.Single(plan.Undone);
        Assert.Equal(("customers", "flip", "ada", 2L), (undone.Subdomain, undone.Action, undone.Actor, undone.Revision!.Value));
        Assert.Equal(["billing", "customers", "orders"], plan.Changes.Select(c => c.Subdomain).Order());
        // The history holds LaterApplies entries of about a kilobyte each; the plan reads the state and a few entries.
        Assert.InRange(read, 1, 50_000);
    }

    private static RouteDefinition Route(FleetRig fleet, string name, string mode = "legacy") =>
        RouteStateJson.Parse($"[{RouteFiles.Route(name, fleet.Legacy.Url, fleet.New.Url, mode).ToJsonString()}]").Routes.Single();

    // The bytes Npgsql reads for the connections of one application name (its pool), while this is alive.
    private sealed class BytesRead : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly string _application;
        private long _total;

        public BytesRead(string application)
        {
            _application = application;
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "Npgsql" && instrument.Name == "db.client.operation.npgsql.bytes_read")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "db.client.connection.pool.name" && tag.Value is string pool && pool.Contains(_application, StringComparison.Ordinal))
                    {
                        Interlocked.Add(ref _total, value);
                    }
                }
            });
            _listener.Start();
        }

        public long Total() => Interlocked.Read(ref _total);

        public void Dispose() => _listener.Dispose();
    }
}
