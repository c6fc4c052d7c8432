using Strangler.LegacyDatabase.Dialects;
using Strangler.Sync.Backfill;

namespace Strangler.Sync.Tests.Backfill;

/// <summary>
/// Update mappings against real PostgreSQL and SQLite. The legacy <c>accounts</c> table has a column only the
/// monolith knows (<c>credit_code</c>, NOT NULL without a default): before update mappings every mapping was an
/// upsert, so an event carrying only the changed field failed on that column and was dead-lettered, and no event could
/// write the table at all, not even to rows that already existed.
/// </summary>
public sealed class BackfillUpdateTests
{
    public static TheoryData<LegacyProvider> Providers => [LegacyProvider.Postgres, LegacyProvider.Sqlite];

    internal static readonly Dictionary<string, EventMappingOptions> Mappings = new()
    {
        ["AccountOpened"] = new()
        {
            Table = "accounts", KeyColumn = "id",
            Columns = new Dictionary<string, string> { ["name"] = "name", ["credit_code"] = "creditCode", ["city"] = "city" },
        },
        ["AccountRenamed"] = new() { Table = "accounts", KeyColumn = "id", Operation = "update", Columns = new Dictionary<string, string> { ["name"] = "name" } },
        ["AccountMoved"] = new() { Table = "accounts", KeyColumn = "id", Operation = "Update", Columns = new Dictionary<string, string> { ["city"] = "city" } },
        ["AccountClosed"] = new() { Table = "accounts", KeyColumn = "id", Operation = "delete" },
    };

    internal static async Task<LegacyTestDatabase> CreateAsync(LegacyProvider provider)
    {
        var db = await LegacyTestDatabase.CreateAsync(provider);
        await db.ExecAsync("CREATE TABLE accounts (id bigint PRIMARY KEY, name text NOT NULL, credit_code text NOT NULL, city text)");
        // Rows the monolith wrote, with the column only it knows.
        await db.ExecAsync("INSERT INTO accounts VALUES (1, 'Ada', 'LEG-1', 'Oslo'), (2, 'Bob', 'LEG-2', 'Rome')");
        return db;
    }

    internal static string Opened(long id, string name, int second) =>
        Events.Json(Guid.NewGuid().ToString(), "AccountOpened", id, second, new { name, creditCode = "NEW-" + id, city = "Lima" });

    internal static string Renamed(long id, string name, int second) =>
        Events.Json(Guid.NewGuid().ToString(), "AccountRenamed", id, second, new { name });

    internal static string Moved(long id, string city, int second) =>
        Events.Json(Guid.NewGuid().ToString(), "AccountMoved", id, second, new { city });

    internal static string Closed(long id, int second) => Events.Json(Guid.NewGuid().ToString(), "AccountClosed", id, second, new { });

    internal static Task<List<(long Id, string Name, string CreditCode, string? City)>> AccountsAsync(LegacyTestDatabase db) =>
        db.QueryAsync<(long, string, string, string?)>("SELECT id, name, credit_code, city FROM accounts ORDER BY id");

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task UpdateEvent_WithOnlyTheChangedField_ChangesThatColumn_AndLeavesTheLegacyOnlyColumnsAlone(LegacyProvider provider)
    {
        await using var db = await CreateAsync(provider);
        var backfill = new BackfillHarness(db, mappings: Mappings);

        var outcome = await backfill.HandleAsync(Renamed(1, "Ada L", 1), Moved(2, "Turin", 1));

        Assert.Empty(outcome.DeadLetters);
        Assert.Equal([(1L, "Ada L", "LEG-1", "Oslo"), (2L, "Bob", "LEG-2", "Turin")], await AccountsAsync(db));
        Assert.Equal(2, backfill.Stats.Applied);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task UpdateOfAMissingRow_IsDeadLetteredNamingTableAndKey_AndTheNextEventsApply(LegacyProvider provider)
    {
        await using var db = await CreateAsync(provider);
        var backfill = new BackfillHarness(db, mappings: Mappings);

        var outcome = await backfill.HandleAsync(
            Renamed(1, "Ada L", 1), Renamed(42, "nobody", 1), Renamed(2, "Bob M", 1), Opened(3, "Cy", 1), Renamed(3, "Cy K", 2));

        var deadLetter = Assert.Single(outcome.DeadLetters);
        Assert.Equal(1, deadLetter.Message.Offset.Value);
        Assert.Equal("permanent failure writing accounts: no row with id = 42 in accounts; an update mapping does not insert", deadLetter.Reason);
        Assert.Equal([(1L, "Ada L", "LEG-1", "Oslo"), (2L, "Bob M", "LEG-2", "Rome"), (3L, "Cy K", "NEW-3", "Lima")], await AccountsAsync(db));
        Assert.Equal(4, backfill.Stats.Applied);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task UpsertUpdateAndDelete_OfOneKey_InOneBatch_ApplyInOrder(LegacyProvider provider)
    {
        await using var db = await CreateAsync(provider);
        var backfill = new BackfillHarness(db, mappings: Mappings);

        var outcome = await backfill.HandleAsync(
            Opened(5, "Eve", 1), Renamed(5, "Eve R", 2), Closed(5, 3),     // inserted, renamed, gone
            Opened(6, "Fay", 1), Renamed(6, "Fay R", 2), Moved(6, "Kyiv", 3), // inserted with both changes
            Renamed(1, "Ada L", 1), Closed(1, 2),                           // an existing row renamed, then gone
            Closed(2, 1), Renamed(2, "too late", 2),                        // gone, so the rename finds no row
            Closed(7, 1), Opened(7, "Gus", 2), Moved(7, "Bern", 3));        // nothing to delete, then inserted and moved

        var deadLetter = Assert.Single(outcome.DeadLetters);
        Assert.Equal(9, deadLetter.Message.Offset.Value);
        Assert.EndsWith("no row with id = 2 in accounts; an update mapping does not insert", deadLetter.Reason);
        Assert.Equal([(6L, "Fay R", "NEW-6", "Kyiv"), (7L, "Gus", "NEW-7", "Bern")], await AccountsAsync(db));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task UpdateEvents_KeepTheDuplicateAndPositionGuards(LegacyProvider provider)
    {
        await using var db = await CreateAsync(provider);
        var backfill = new BackfillHarness(db, mappings: Mappings);
        var batch = new[] { Renamed(1, "newest", 10) };
        await backfill.HandleAsync(batch);

        await backfill.HandleAsync(Renamed(1, "older", 5));
        await db.ExecAsync("UPDATE accounts SET city = 'edited by monolith' WHERE id = 1");
        var redelivered = await backfill.HandleAsync(batch);
        // Within one batch too: the older of two updates loses whichever comes second.
        await backfill.HandleAsync(Renamed(2, "newer", 20), Renamed(2, "stale in batch", 15));

        Assert.Empty(redelivered.DeadLetters);
        Assert.Equal([(1L, "newest", "LEG-1", "edited by monolith"), (2L, "newer", "LEG-2", "Rome")], await AccountsAsync(db));
        Assert.Equal(2, backfill.Stats.Applied);
        Assert.Equal(3, backfill.Stats.Skipped);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task UpdateTransaction_WritesTheSyncOriginMarker_SoCaptureSkipsIt(LegacyProvider provider)
    {
        await using var db = await CreateAsync(provider);
        var backfill = new BackfillHarness(db, mappings: Mappings);
        // A capture trigger as the SQLite capture writes one: it records only changes made outside the backfill.
        await db.ExecAsync("CREATE TABLE captured (name text, origin_rows bigint)");
        await db.ExecAsync(provider == LegacyProvider.Postgres
            ? """
              CREATE FUNCTION capture() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
                INSERT INTO captured VALUES (NEW.name, (SELECT COUNT(*) FROM strangler_sync_origin
                  WHERE tx_id = pg_current_xact_id()::text::bigint % 4294967296)); RETURN NEW; END $$;
              CREATE TRIGGER capture AFTER UPDATE ON accounts FOR EACH ROW EXECUTE FUNCTION capture();
              """
            : "CREATE TRIGGER capture AFTER UPDATE ON accounts BEGIN INSERT INTO captured VALUES (NEW.name, (SELECT COUNT(*) FROM strangler_sync_origin)); END");

        await backfill.HandleAsync(Renamed(1, "from the service", 1));
        await db.ExecAsync("UPDATE accounts SET name = 'from the monolith' WHERE id = 2");

        var captured = await db.QueryAsync<(string Name, long OriginRows)>("SELECT name, origin_rows FROM captured ORDER BY name");
        Assert.Equal([("from the monolith", 0L), ("from the service", 1L)], captured);
    }
}
