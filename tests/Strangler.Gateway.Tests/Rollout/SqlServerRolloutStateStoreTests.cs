using Strangler.Gateway.Rollout.State;
using Strangler.Gateway.Tests.Infrastructure;
using Strangler.LegacyDatabase.Dialects;

namespace Strangler.Gateway.Tests.Rollout;

/// <summary>The rollout state table's SQL Server statements against a real server, when STRANGLER_TEST_SQLSERVER names one.</summary>
public sealed class SqlServerRolloutStateStoreTests
{
    [Fact]
    public async Task CompareAndSet_OneOfManyCreatorsWins_AndAStaleWriterLoses_OnSqlServer()
    {
        var connectionString = await SqlServerFleetDatabase.CreateAsync("rollout");
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
}
