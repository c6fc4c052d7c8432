using Npgsql;
using Strangler.Gateway.Fleet;
using Strangler.Gateway.Tests.Infrastructure;
using Strangler.LegacyDatabase.Dialects;
using Strangler.LegacyDatabase.Migrations;

namespace Strangler.Gateway.Tests.Fleet;

/// <summary>
/// A store made before replicas recorded their run (migrations up to 0024) is upgraded by <c>strangler migrate</c>'s
/// 0025: its heartbeat rows keep their figures, have no run, and are taken over by the first run that beats; from then
/// on the write is a compare-and-set on the holder's run.
/// </summary>
public sealed class ReplicaRunUpgradeTests
{
    [Fact]
    public async Task AStoreWithoutRunColumns_IsUpgraded_ItsRowsTakenOver_ThenHeldByOneRun()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await FleetDatabase.CreateAsync(upTo: "0025");
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync(ct);
            await using var insert = new NpgsqlCommand(
                "INSERT INTO strangler_gateway_replicas (replica_id, address, revision, last_seen) VALUES ('gw', 'http://old', 4, now())", connection);
            await insert.ExecuteNonQueryAsync(ct);
        }

        var report = await new MigrationRunner(SqlDialects.For(LegacyProvider.Postgres), TimeProvider.System)
            .ApplyAsync(connectionString, MigrationSource.Embedded(LegacyProvider.Postgres), ct);

        Assert.Contains("0025_gateway_fleet_run.sql", report.Applied);
        var store = new RouteStateStore(LegacyProvider.Postgres, connectionString);
        var old = await store.ReadReplicaHolderAsync("gw", ct);
        Assert.Equal((null, null, null, false), (old!.RunId, old.Host, old.ProcessId, old.Left));
        Assert.Equal(("http://old", 4L), Assert.Single(await store.ReadReplicasAsync(ct)) is var r ? (r.Address, r.Revision) : default);

        var a = ReplicaRun.Start(TimeProvider.System) with { Host = "host-a", ProcessId = 1 };
        var b = ReplicaRun.Start(TimeProvider.System) with { Host = "host-b", ProcessId = 2 };
        var keep = TimeSpan.FromMinutes(15);
        Assert.True(await store.WriteHeartbeatAsync(Beat(), a, observedRun: null, keep, TimeSpan.FromDays(1), ct));
        // b read the row before a took it: its write does not land.
        Assert.False(await store.WriteHeartbeatAsync(Beat(), b, observedRun: null, keep, TimeSpan.FromDays(1), ct));
        Assert.Equal("host-a", (await store.ReadReplicaHolderAsync("gw", ct))!.Host);
        // A process refused the id stopping cleanly does not mark the holder's row as left.
        await store.LeaveHeartbeatAsync("gw", b.RunId, ct);
        Assert.False((await store.ReadReplicaHolderAsync("gw", ct))!.Left);
        Assert.True(await store.WriteHeartbeatAsync(Beat(), b, observedRun: a.RunId, keep, TimeSpan.FromDays(1), ct));
        Assert.Equal((b.RunId, "host-b", 2), (await store.ReadReplicaHolderAsync("gw", ct)) is { } h ? (h.RunId, h.Host, h.ProcessId) : default);
    }

    [Fact]
    public async Task AGatewayOnAStoreNotMigratedSinceItsUpgrade_IsToldToRunMigrate_NotJustThatAColumnIsMissing()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = new RouteStateStore(LegacyProvider.Postgres, await FleetDatabase.CreateAsync(upTo: "0025"));

        // The heartbeat's first statement, and the replica list `routes replicas` and the fleet panel read.
        var holder = await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => store.ReadReplicaHolderAsync("gw", ct));
        var replicas = await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => store.ReadReplicasAsync(ct));

        Assert.All(new[] { holder, replicas }, ex =>
        {
            Assert.StartsWith("the fleet store lacks a table or column this gateway needs (42703: column ", ex.Message, StringComparison.Ordinal);
            Assert.Contains("run `strangler migrate` against it", ex.Message, StringComparison.Ordinal);
            Assert.IsType<PostgresException>(ex.InnerException);
        });
    }

    private static ReplicaHeartbeat Beat() => new() { ReplicaId = "gw", Address = "http://new", Revision = 5, LastSeen = DateTimeOffset.UtcNow };
}
