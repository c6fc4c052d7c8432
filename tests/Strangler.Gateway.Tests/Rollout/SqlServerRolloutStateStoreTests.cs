using Microsoft.Data.SqlClient;
using Strangler.Gateway.Rollout.State;
using Strangler.LegacyDatabase.Dialects;
using Strangler.LegacyDatabase.Migrations;

namespace Strangler.Gateway.Tests.Rollout;

/// <summary>The rollout state table's SQL Server statements against a real server, when STRANGLER_TEST_SQLSERVER names one.</summary>
public sealed class SqlServerRolloutStateStoreTests
{
    [Fact]
    public async Task CompareAndSet_OneOfManyCreatorsWins_AndAStaleWriterLoses_OnSqlServer()
    {
        var connectionString = await CreateDatabaseAsync();
        var ct = TestContext.Current.CancellationToken;
        var stores = Enumerable.Range(0, 4).Select(_ => FleetRolloutStateStoreTests.Store(LegacyProvider.SqlServer, connectionString)).ToList();

        var created = await Task.WhenAll(stores.Select((s, i) =>
            s.TrySaveAsync(FleetRolloutStateStoreTests.State(RolloutStatus.Running) with { StartedBy = $"w{i}" }, ct)));

        var winner = Assert.Single(created, c => c is not null)!;
        var loser = stores[Array.FindIndex(created, c => c is null)];
        Assert.Equal((winner.StartedBy, 1), (loser.Get("customers")!.StartedBy, loser.Get("customers")!.Version));
        Assert.NotNull(await loser.TrySaveAsync(loser.Get("customers")! with { Status = RolloutStatus.Paused }, ct));
        Assert.Null(await stores[Array.IndexOf(created, winner)].TrySaveAsync(winner with { Status = RolloutStatus.Aborted }, ct));
        await stores[0].RefreshAsync(TimeSpan.Zero, ct);
        Assert.Equal((RolloutStatus.Paused, 2), (stores[0].Get("customers")!.Status, stores[0].Get("customers")!.Version));
    }

    private static async Task<string> CreateDatabaseAsync()
    {
        var server = Environment.GetEnvironmentVariable("STRANGLER_TEST_SQLSERVER");
        if (string.IsNullOrEmpty(server))
        {
            Assert.Skip("STRANGLER_TEST_SQLSERVER is not set: no SQL Server can run on this machine (docker compose brings one up elsewhere).");
        }

        var name = "rollout_" + Guid.NewGuid().ToString("N");
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
