using Microsoft.Extensions.Logging.Abstractions;
using Strangler.Gateway.Fleet;
using Strangler.Gateway.Rollout.State;
using Strangler.Gateway.Tests.Infrastructure;
using Strangler.LegacyDatabase.Dialects;

namespace Strangler.Gateway.Tests.Rollout;

public sealed class FleetRolloutStateStoreTests
{
    [Fact]
    public async Task TwoWritersOnTheSameVersion_OneWins_TheOtherReReadsTheWinnersState()
    {
        var connectionString = await FleetDatabase.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        var a = Store(LegacyProvider.Postgres, connectionString);
        var b = Store(LegacyProvider.Postgres, connectionString);
        var first = await a.TrySaveAsync(State(RolloutStatus.Running), ct);
        Assert.Equal(1, first!.Version);
        await b.RefreshAsync(TimeSpan.Zero, ct);
        var read = b.Get("customers")!;
        Assert.Equal((RolloutStatus.Running, 1), (read.Status, read.Version));

        var paused = await a.TrySaveAsync(first with { Status = RolloutStatus.Paused, Message = "paused by ada" }, ct);
        var aborted = await b.TrySaveAsync(read with { Status = RolloutStatus.Aborted, Message = "aborted by bob" }, ct);

        Assert.Equal(2, paused!.Version);
        Assert.Null(aborted);
        Assert.Equal((RolloutStatus.Paused, 2, "paused by ada"), (b.Get("customers")!.Status, b.Get("customers")!.Version, b.Get("customers")!.Message));
        // The loser decides again on what it re-read, and that write goes through.
        var again = await b.TrySaveAsync(b.Get("customers")! with { Status = RolloutStatus.Aborted, Message = "aborted by bob" }, ct);
        Assert.Equal(3, again!.Version);
        await a.RefreshAsync(TimeSpan.Zero, ct);
        Assert.Equal((RolloutStatus.Aborted, 3), (a.Get("customers")!.Status, a.Get("customers")!.Version));
    }

    [Fact]
    public async Task ManyReplicasCreatingTheSameRollout_ExactlyOneRowIsWritten()
    {
        var connectionString = await FleetDatabase.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        var stores = Enumerable.Range(0, 8).Select(_ => Store(LegacyProvider.Postgres, connectionString)).ToList();

        var results = await Task.WhenAll(stores.Select((s, i) => s.TrySaveAsync(State(RolloutStatus.Running) with { StartedBy = $"w{i}" }, ct)));

        var winner = Assert.Single(results, r => r is not null);
        var check = Store(LegacyProvider.Postgres, connectionString);
        await check.RefreshAsync(TimeSpan.Zero, ct);
        Assert.Equal((winner!.StartedBy, 1), (check.Get("customers")!.StartedBy, check.Get("customers")!.Version));
        Assert.All(stores.Where((_, i) => results[i] is null), s => Assert.Equal(winner.StartedBy, s.Get("customers")!.StartedBy));
    }

    [Fact]
    public async Task AnUnreachableStore_ThrowsUnavailable_NamingTheStore_AndSaysSoUntilItAnswers()
    {
        var store = Store(LegacyProvider.Postgres, "Host=127.0.0.1;Port=1;Username=u;Password=secret-pw;Timeout=2");
        var ct = TestContext.Current.CancellationToken;

        var error = await Assert.ThrowsAsync<RolloutStoreUnavailableException>(() => store.RefreshAsync(TimeSpan.Zero, ct));

        Assert.StartsWith("the fleet's store cannot be reached to read rollout state", error.Message);
        Assert.DoesNotContain("secret-pw", error.Message);
        Assert.Equal(error.Message, store.Unavailable);
        await Assert.ThrowsAsync<RolloutStoreUnavailableException>(() => store.TrySaveAsync(State(RolloutStatus.Running), ct));
    }

    [Fact]
    public async Task AStoreWithoutTheRolloutTable_SaysToRunMigrate_NotThatItCannotBeReached()
    {
        // A store migrated before 0022 (or never): it answers, with "relation strangler_rollout_state does not exist".
        var store = Store(LegacyProvider.Postgres, await FleetDatabase.CreateAsync(upTo: "0022"));
        var ct = TestContext.Current.CancellationToken;

        var error = await Assert.ThrowsAsync<RolloutStoreUnavailableException>(() => store.RefreshAsync(TimeSpan.Zero, ct));

        Assert.StartsWith("the fleet's store has no rollout state table or column this gateway needs (42P01: ", error.Message);
        Assert.EndsWith("run `strangler migrate` against it (the same connection string)", error.Message);
        Assert.DoesNotContain("cannot be reached", error.Message);
    }

    internal static FleetRolloutStateStore Store(LegacyProvider provider, string connectionString) =>
        new(new RouteStateStore(provider, connectionString), TimeProvider.System, NullLogger<FleetRolloutStateStore>.Instance);

    internal static RolloutState State(RolloutStatus status)
    {
        var now = DateTimeOffset.UtcNow;
        return new RolloutState
        {
            Subdomain = "customers", Status = status, ExpectedMode = "canary:10", StartedAt = now, StartedBy = "ada",
            StepStartedAt = now, NextEvaluationAt = now.AddSeconds(30), UpdatedAt = now,
        };
    }
}
