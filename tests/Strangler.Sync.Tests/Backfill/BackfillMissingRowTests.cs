using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Strangler.LegacyDatabase.Dialects;
using static Strangler.Sync.Tests.Backfill.BackfillUpdateTests;

namespace Strangler.Sync.Tests.Backfill;

/// <summary>
/// Bug: every update event whose row was missing failed its whole batch's transaction, and the handler bisected the
/// batch until the event was alone: a batch of 500 with 100 missing rows (a replay after the legacy table was pruned)
/// cost hundreds of rolled-back transactions and committed in dozens of pieces. Now the writer fails only the events
/// whose update finds no row, and the rest commits in one transaction. Transactions are counted by the engine itself:
/// a trigger on the sync-origin marker, which every backfill transaction writes first, inserts a row (kept only when
/// the transaction commits) and, on PostgreSQL, takes a sequence number (kept even when it rolls back).
/// </summary>
public sealed class BackfillMissingRowTests
{
    public static TheoryData<LegacyProvider> Providers => BackfillUpdateTests.Providers;

    private static async Task<LegacyTestDatabase> CreateCountingAsync(LegacyProvider provider)
    {
        var db = await CreateAsync(provider);
        await db.ExecAsync(provider == LegacyProvider.Postgres
            ? """
              CREATE SEQUENCE attempts;
              CREATE TABLE committed (n bigint);
              CREATE FUNCTION count_transaction() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN INSERT INTO committed VALUES (nextval('attempts')); RETURN NEW; END $$;
              CREATE TRIGGER count_transaction BEFORE INSERT ON strangler_sync_origin FOR EACH ROW EXECUTE FUNCTION count_transaction();
              """
            : """
              CREATE TABLE committed (n INTEGER);
              CREATE TRIGGER count_transaction AFTER INSERT ON strangler_sync_origin BEGIN INSERT INTO committed VALUES (1); END;
              """);
        return db;
    }

    private static async Task<(long Committed, long? Attempted)> TransactionsAsync(LegacyTestDatabase db) => (
        (await db.QueryAsync<long>("SELECT COUNT(*) FROM committed")).Single(),
        db.Provider == LegacyProvider.Postgres
            ? (await db.QueryAsync<long>("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM attempts")).Single()
            : null);

    private static BackfillHarness Harness(LegacyTestDatabase db) =>
        new(db, services => services.AddLogging(logging => logging.AddFakeLogging()), mappings: Mappings);

    private static IEnumerable<string> Splits(BackfillHarness backfill) => backfill.Services.GetFakeLogCollector().GetSnapshot()
        .Where(r => r.Level == LogLevel.Warning && r.Message.Contains("retrying it in halves", StringComparison.Ordinal)).Select(r => r.Message);

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task BatchWithMissingRows_DeadLettersExactlyThoseEvents_AndCommitsTheRestInOneTransaction(LegacyProvider provider)
    {
        await using var db = await CreateCountingAsync(provider);
        // Rows 1..40 the monolith wrote, but every fifth one since pruned: 8 of the batch's 40 renames find no row.
        await db.ExecAsync("DELETE FROM accounts");
        await db.ExecAsync("INSERT INTO accounts VALUES " +
            string.Join(", ", Enumerable.Range(1, 40).Where(i => i % 5 != 0).Select(i => $"({i}, 'n{i}', 'LEG-{i}', NULL)")));
        var backfill = Harness(db);

        var outcome = await backfill.HandleAsync(Enumerable.Range(1, 40).Select(i => Renamed(i, "r" + i, 1)).ToArray());

        Assert.Equal([4L, 9, 14, 19, 24, 29, 34, 39], outcome.DeadLetters.Select(d => d.Message.Offset.Value));
        Assert.All(outcome.DeadLetters, d => Assert.Equal(
            $"permanent failure writing accounts: no row with id = {d.Message.Offset.Value + 1} in accounts; an update mapping does not insert",
            d.Reason));
        Assert.Equal(32, backfill.Stats.Applied);
        Assert.All(await AccountsAsync(db), a => Assert.Equal("r" + a.Id, a.Name));
        Assert.Equal((1L, provider == LegacyProvider.Postgres ? 1L : null), await TransactionsAsync(db));
        Assert.Empty(Splits(backfill));
        // Only the applied events are recorded, and only their rows carry a high-water mark.
        Assert.Equal([32L], await db.QueryAsync<long>("SELECT COUNT(*) FROM strangler_applied_events"));
        Assert.Equal([32L], await db.QueryAsync<long>("SELECT COUNT(*) FROM strangler_sync_high_water"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task MissingRows_FailAsIfTheEventsWereAppliedOneByOne_InOneTransaction(LegacyProvider provider)
    {
        await using var db = await CreateCountingAsync(provider);
        var backfill = Harness(db);

        var outcome = await backfill.HandleAsync(
            Renamed(42, "nobody", 1), Moved(42, "nowhere", 2), // two updates of one missing row, merged by the planner: both fail
            Opened(3, "Cy", 1), Renamed(3, "Cy K", 2),         // the upsert made the row: the update finds it
            Renamed(9, "too soon", 3), Opened(9, "Di", 1),     // the rename fails; the older upsert still inserts the row
            Renamed(1, "Ada L", 1));

        Assert.Equal([0L, 1, 4], outcome.DeadLetters.Select(d => d.Message.Offset.Value));
        Assert.All(outcome.DeadLetters, d => Assert.EndsWith(
            $"no row with id = {(d.Message.Offset.Value == 4 ? 9 : 42)} in accounts; an update mapping does not insert", d.Reason));
        Assert.Equal([(1L, "Ada L", "LEG-1", "Oslo"), (2L, "Bob", "LEG-2", "Rome"), (3L, "Cy K", "NEW-3", "Lima"), (9L, "Di", "NEW-9", "Lima")],
            await AccountsAsync(db));
        Assert.Equal(4, backfill.Stats.Applied);
        Assert.Equal((1L, provider == LegacyProvider.Postgres ? 1L : null), await TransactionsAsync(db));
        Assert.Empty(Splits(backfill));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task DeadLetteredUpdate_IsNotRecordedAsApplied_SoItsRedeliveryAppliesOnceTheRowExists(LegacyProvider provider)
    {
        await using var db = await CreateAsync(provider);
        var backfill = Harness(db);
        var rename = Renamed(42, "found", 1);

        var first = await backfill.HandleAsync(rename, Renamed(1, "Ada L", 1));
        await db.ExecAsync("INSERT INTO accounts VALUES (42, 'late', 'LEG-42', NULL)");
        var redelivered = await backfill.HandleAsync(rename);

        Assert.Single(first.DeadLetters);
        Assert.Empty(redelivered.DeadLetters);
        Assert.Equal("found", (await db.QueryAsync<string>("SELECT name FROM accounts WHERE id = 42")).Single());
        Assert.Equal(2, backfill.Stats.Applied);
        Assert.Equal(0, backfill.Stats.Skipped);
    }

    // A permanent failure that is not a missing row still isolates its event by splitting, and says so in the log.
    [Theory]
    [MemberData(nameof(Providers))]
    public async Task OtherPermanentFailure_StillSplitsTheBatch_AndLogsEachSplit(LegacyProvider provider)
    {
        await using var db = await CreateAsync(provider);
        await db.ExecAsync("CREATE UNIQUE INDEX accounts_name ON accounts (name)");
        var backfill = Harness(db);

        // The first rename takes row 2's name: a unique violation, which no re-plan can avoid.
        var outcome = await backfill.HandleAsync(Renamed(1, "Bob", 1), Renamed(42, "nobody", 1), Moved(1, "Kyiv", 1), Moved(2, "Turin", 1));

        Assert.Equal([0L, 1], outcome.DeadLetters.Select(d => d.Message.Offset.Value));
        Assert.EndsWith("no row with id = 42 in accounts; an update mapping does not insert", outcome.DeadLetters[1].Reason);
        Assert.Equal(2, Splits(backfill).Count());
        Assert.Equal([(1L, "Ada", "LEG-1", "Kyiv"), (2L, "Bob", "LEG-2", "Turin")], await AccountsAsync(db));
    }
}
