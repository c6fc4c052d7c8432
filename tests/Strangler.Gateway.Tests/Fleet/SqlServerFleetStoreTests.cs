using Microsoft.Data.SqlClient;
using Strangler.Gateway.Admin;
using Strangler.Gateway.Fleet;
using Strangler.LegacyDatabase.Dialects;
using Strangler.LegacyDatabase.Migrations;

namespace Strangler.Gateway.Tests.Fleet;

/// <summary>The fleet store's SQL Server statements against a real server, when STRANGLER_TEST_SQLSERVER names one.</summary>
public sealed class SqlServerFleetStoreTests
{
    [Fact]
    public async Task CompareAndSet_History_Heartbeats_AndLeases_OnSqlServer()
    {
        var store = new RouteStateStore(LegacyProvider.SqlServer, await CreateDatabaseAsync());
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

    private static async Task<string> CreateDatabaseAsync()
    {
        var server = Environment.GetEnvironmentVariable("STRANGLER_TEST_SQLSERVER");
        if (string.IsNullOrEmpty(server))
        {
            Assert.Skip("STRANGLER_TEST_SQLSERVER is not set: no SQL Server can run on this machine (docker compose brings one up elsewhere).");
        }

        var name = "fleet_" + Guid.NewGuid().ToString("N");
        await using (var connection = new SqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new SqlCommand($"CREATE DATABASE [{name}]", connection);
            await command.ExecuteNonQueryAsync();
        }

        var connectionString = new SqlConnectionStringBuilder(server) { InitialCatalog = name }.ConnectionString;
        await new MigrationRunner(SqlDialects.For(LegacyProvider.SqlServer), TimeProvider.System)
            .ApplyAsync(connectionString, MigrationSource.Embedded(LegacyProvider.SqlServer));
        return connectionString;
    }
}
