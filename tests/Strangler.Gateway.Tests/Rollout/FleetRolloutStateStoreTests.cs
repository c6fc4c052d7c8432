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

    // A step's times are written on the clock of the replica that wrote them (the last holder, or the replica that took
    // a command). Before, a next holder two minutes ahead read a step begun 30 s ago as begun 2 min 30 s ago, and
    // promoted it past its bake that much early; two minutes behind, it held the step two minutes too long.
    [Theory]
    [InlineData(2)]
    [InlineData(-2)]
    public async Task AStateWrittenByAReplicaWhoseClockIsOff_IsReadOnTheReadersClock_AndTheWritersOwnReadIsAsWritten(int minutesOff)
    {
        var connectionString = await FleetDatabase.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        var off = TimeSpan.FromMinutes(minutesOff);
        var writerClock = new OffClock(off);
        var now = writerClock.GetUtcNow();
        var state = State(RolloutStatus.Running) with
        {
            StartedAt = now - TimeSpan.FromMinutes(1),
            StepStartedAt = now - TimeSpan.FromSeconds(30),
            NextEvaluationAt = now + TimeSpan.FromSeconds(10),
            UpdatedAt = now,
            Evaluations = [new RolloutEvaluation(now - TimeSpan.FromSeconds(5), "canary:10", Gateway.Rollout.Gates.GateOutcome.Pass, "hold", [])],
        };
        Assert.NotNull(await Store(LegacyProvider.Postgres, connectionString, writerClock).TrySaveAsync(state, ct));

        var reader = Store(LegacyProvider.Postgres, connectionString);
        await reader.RefreshAsync(TimeSpan.Zero, ct);
        var read = reader.Get("customers")!;
        var writer = Store(LegacyProvider.Postgres, connectionString, writerClock);
        await writer.RefreshAsync(TimeSpan.Zero, ct);

        // Within a second or two of what the reader's clock read when each was written (the write and the read take time).
        var step = DateTimeOffset.UtcNow - TimeSpan.FromSeconds(30);
        Assert.InRange(read.StepStartedAt, step - TimeSpan.FromSeconds(2), step + TimeSpan.FromSeconds(2));
        Assert.Equal((TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(25)),
            (read.StepStartedAt - read.StartedAt, read.NextEvaluationAt - read.StepStartedAt, read.Evaluations[0].At - read.StepStartedAt));
        Assert.Equal(state.StepStartedAt, writer.Get("customers")!.StepStartedAt);
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

    internal static FleetRolloutStateStore Store(LegacyProvider provider, string connectionString, TimeProvider? time = null) =>
        new(new RouteStateStore(provider, connectionString), time ?? TimeProvider.System, NullLogger<FleetRolloutStateStore>.Instance);

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
