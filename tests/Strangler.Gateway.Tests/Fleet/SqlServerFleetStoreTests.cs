using Strangler.Gateway.Admin;
using Strangler.Gateway.Fleet;
using Strangler.Gateway.Tests.Infrastructure;
using Strangler.LegacyDatabase.Dialects;

namespace Strangler.Gateway.Tests.Fleet;

/// <summary>The fleet store's SQL Server statements against a real server, when STRANGLER_TEST_SQLSERVER names one.</summary>
public sealed class SqlServerFleetStoreTests
{
    [Fact]
    public async Task CompareAndSet_History_Heartbeats_AndLeases_OnSqlServer()
    {
        var store = new RouteStateStore(LegacyProvider.SqlServer, await SqlServerFleetDatabase.CreateAsync("fleet"));
        var ct = TestContext.Current.CancellationToken;
        var routes = RouteStateJson.Parse($"[{RouteFiles.Route("customers", "http://127.0.0.1:1", "http://127.0.0.1:2").ToJsonString()}]").Routes;
        var change = new RouteChange { At = DateTimeOffset.UtcNow, Actor = "t", Reason = "race", Action = "flip", Subdomain = "customers", Revision = 1 };

        var attempts = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => store.TryCommitAsync(0,
            new RouteState { Revision = 1, Routes = routes, UpdatedAt = DateTimeOffset.UtcNow }, [change], ct)));

        Assert.Single(attempts, a => a.Committed);
        Assert.Equal(1, await store.ReadRevisionAsync(ct));
        Assert.Single(await store.ReadHistoryAsync(0, ct));
        // What routes apply reads to name a flip it would undo.
        Assert.Equal("flip", Assert.Single(await store.ReadHistoryOfRevisionsAsync([1], ct)).Change!.Action);
        Assert.Empty(await store.ReadHistoryOfRevisionsAsync([2, 3], ct));
        var keep = TimeSpan.FromMinutes(15);
        var beat = new ReplicaHeartbeat { ReplicaId = "a", Address = "http://a", Revision = 1, LastSeen = DateTimeOffset.UtcNow };
        var run = ReplicaRun.Start(TimeProvider.System) with { Host = "host-a", ProcessId = 1 };
        var other = ReplicaRun.Start(TimeProvider.System) with { Host = "host-b", ProcessId = 2 };
        Assert.Null(await store.ReadReplicaHolderAsync("a", ct));
        Assert.True(await store.WriteHeartbeatAsync(beat, run, null, keep, TimeSpan.FromDays(1), ct));
        Assert.True(await store.WriteHeartbeatAsync(beat, run, null, keep, TimeSpan.FromDays(1), ct));
        // Another run's write lands only when it names the holder it takes over (compare-and-set on the run).
        Assert.False(await store.WriteHeartbeatAsync(beat, other, null, keep, TimeSpan.FromDays(1), ct));
        await store.LeaveHeartbeatAsync("a", other.RunId, ct);
        var holder = await store.ReadReplicaHolderAsync("a", ct);
        Assert.Equal((run.RunId, "host-a", 1, false), (holder!.RunId, holder.Host, holder.ProcessId, holder.Left));
        // The list names the run's process, as `routes replicas` and the fleet panel show it.
        var listed = Assert.Single(await store.ReadReplicasAsync(ct));
        Assert.Equal(("a", "host-a", 1, run.StartedAt.UtcTicks / 10), (listed.ReplicaId, listed.Host, listed.ProcessId, listed.StartedAt?.UtcTicks / 10));
        // A clean stop marks both rows as left and keeps the last figures readable while the window reaches them.
        await store.PublishTrafficAsync("a", "[]", "{}", keep, TimeSpan.FromDays(1), ct);
        Assert.Equal("{}", (await store.ReadOwnGateSlotsAsync("a", ct))?.Json);
        await store.LeaveTrafficAsync("a", "[]", "{\"w\":10}", ct);
        await store.LeaveHeartbeatAsync("a", run.RunId, ct);
        Assert.NotNull(Assert.Single(await store.ReadReplicasAsync(ct)).LeftAt);
        Assert.Equal(("a", "{\"w\":10}", true), Assert.Single(await store.ReadGateSlotsAsync(TimeSpan.Zero, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1), ct)) is var r
            ? (r.ReplicaId, r.GateSlots, r.Left) : default);
        Assert.True(Assert.Single(await store.ReadTrafficAsync(TimeSpan.FromMinutes(1), ct)).Left);
        Assert.True(await store.TryAcquireLeaseAsync("rollout", "a", TimeSpan.FromSeconds(30), ct));
        Assert.False(await store.TryAcquireLeaseAsync("rollout", "b", TimeSpan.FromSeconds(30), ct));
        await store.ReleaseLeaseAsync("rollout", "a", ct);
        Assert.True(await store.TryAcquireLeaseAsync("rollout", "b", TimeSpan.FromSeconds(30), ct));
    }
}
