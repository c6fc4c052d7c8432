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
        await store.WriteHeartbeatAsync(new ReplicaHeartbeat { ReplicaId = "a", Address = "http://a", Revision = 1, LastSeen = DateTimeOffset.UtcNow }, ct);
        Assert.Equal("a", Assert.Single(await store.ReadReplicasAsync(ct)).ReplicaId);
        Assert.True(await store.TryAcquireLeaseAsync("rollout", "a", TimeSpan.FromSeconds(30), ct));
        Assert.False(await store.TryAcquireLeaseAsync("rollout", "b", TimeSpan.FromSeconds(30), ct));
        await store.ReleaseLeaseAsync("rollout", "a", ct);
        Assert.True(await store.TryAcquireLeaseAsync("rollout", "b", TimeSpan.FromSeconds(30), ct));
    }
}
