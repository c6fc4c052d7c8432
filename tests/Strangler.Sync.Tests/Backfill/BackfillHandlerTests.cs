using Strangler.LegacyDatabase.Dialects;

namespace Strangler.Sync.Tests.Backfill;

/// <summary>The backfill handler against real PostgreSQL and SQLite databases.</summary>
public sealed class BackfillHandlerTests
{
    public static TheoryData<LegacyProvider> Providers => [LegacyProvider.Postgres, LegacyProvider.Sqlite];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Batch_UpsertsRenamesAndDeletes_LegacyRowsMatchTheEvents(LegacyProvider provider)
    {
        await using var db = await LegacyTestDatabase.CreateAsync(provider);
        var backfill = new BackfillHarness(db);

        var outcome = await backfill.HandleAsync(
            Events.Registered(1, "Ada", "Oslo", 0), Events.Registered(2, "Bob", "Rome", 0), Events.Registered(3, "Cy", "Lima", 0),
            Events.Renamed(1, "Ada L", 1), Events.Deleted(3, 2));

        Assert.Empty(outcome.DeadLetters);
        Assert.Equal([(1L, "Ada L", "Oslo"), (2L, "Bob", "Rome")], await db.CustomersAsync());
        Assert.Equal(5, backfill.Stats.Applied);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Redelivery_OfAnAppliedBatch_ChangesNothing(LegacyProvider provider)
    {
        await using var db = await LegacyTestDatabase.CreateAsync(provider);
        var backfill = new BackfillHarness(db);
        var batch = new[] { Events.Registered(1, "Ada", second: 0), Events.Renamed(1, "Ada L", 1) };
        await backfill.HandleAsync(batch);
        // A later legacy-side edit must survive the redelivery untouched.
        await db.ExecAsync("UPDATE customers SET name = 'edited by monolith'");

        var outcome = await backfill.HandleAsync(batch);

        Assert.Empty(outcome.DeadLetters);
        Assert.Equal("edited by monolith", Assert.Single(await db.CustomersAsync()).Name);
        Assert.Equal(2, backfill.Stats.Applied);
        Assert.Equal(2, backfill.Stats.Skipped);
        Assert.Equal(2, (await db.QueryAsync<long>("SELECT COUNT(*) FROM strangler_applied_events")).Single());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Reordering_AnEventOlderThanTheRow_IsIgnored(LegacyProvider provider)
    {
        await using var db = await LegacyTestDatabase.CreateAsync(provider);
        var backfill = new BackfillHarness(db);
        await backfill.HandleAsync(Events.Registered(1, "Ada", second: 0), Events.Renamed(1, "newest", 10));

        await backfill.HandleAsync(Events.Renamed(1, "older", 5));
        // Within one batch too: the older of two renames loses whichever comes second.
        await backfill.HandleAsync(Events.Renamed(1, "newer still", 20), Events.Renamed(1, "stale in batch", 15));

        Assert.Equal("newer still", Assert.Single(await db.CustomersAsync()).Name);
        Assert.Equal(2, backfill.Stats.Skipped);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task PoisonEvents_AreDeadLetteredWithReasons_AndTheRestOfTheBatchApplies(LegacyProvider provider)
    {
        await using var db = await LegacyTestDatabase.CreateAsync(provider);
        var backfill = new BackfillHarness(db);

        var outcome = await backfill.HandleAsync(
            Events.Registered(1, "Ada", second: 0),
            Events.Registered(2, null, second: 0),                          // NOT NULL violation in customers.name
            Events.Json("e-missing-table", "OrderPlaced", 7, 0, new { total = 3 }), // the table does not exist
            "{ not json",
            Events.Json("e-unmapped", "CustomerPromoted", 1, 0, new { }),
            Events.Json("e-no-field", "CustomerRenamed", 1, 1, new { }),
            Events.Registered(3, "Cy", second: 0),
            Events.Renamed(1, "Ada L", 2));

        Assert.Equal([(1L, "Ada L", "Oslo"), (3L, "Cy", "Oslo")], await db.CustomersAsync());
        var reasons = outcome.DeadLetters.ToDictionary(d => d.Message.Offset.Value, d => d.Reason);
        Assert.Equal([1L, 2, 3, 4, 5], reasons.Keys.Order());
        Assert.StartsWith("permanent failure writing customers:", reasons[1]);
        Assert.Equal("the backfill mapping of event type 'OrderPlaced' does not match the legacy schema: " +
            "Strangler:Sync:Backfill:Mappings:OrderPlaced:Table: table 'orders_that_do_not_exist' does not exist", reasons[2]);
        Assert.StartsWith("invalid domain event: the value is not JSON at line 1, column 3: ", reasons[3]);
        Assert.Equal("no mapping for event type 'CustomerPromoted'", reasons[4]);
        Assert.Contains("data field 'name' is missing", reasons[5]);
        Assert.Equal(3, backfill.Stats.Applied);
    }

    [Fact]
    public async Task MissingDataField_NamesTheFieldsTheEventHas_AndOneThatDiffersOnlyInCase_NeverTheirValues()
    {
        // Found writing a service from the README: a mapping's `Status` against a service's `new { status }` was
        // dead-lettered as only "data field 'Status' is missing", with nothing to say what the event held instead.
        await using var db = await LegacyTestDatabase.CreateAsync(LegacyProvider.Sqlite);
        var backfill = new BackfillHarness(db);

        var outcome = await backfill.HandleAsync(
            Events.Json("e-case", "CustomerRenamed", 1, 0, new { Name = "Ada-secret", email = "ada@example.com" }),
            Events.Json("e-nested", "CustomerRegistered", 2, 0, new { name = "Bob", address = "Rome-secret" }),
            Events.Json("e-empty", "CustomerRenamed", 3, 0, new { }));

        var reasons = outcome.DeadLetters.ToDictionary(d => d.Message.Offset.Value, d => d.Reason);
        Assert.Equal("mapping failed: CustomerRenamed: data field 'name' is missing (mapped to table 'customers'); did you mean 'Name'? " +
            "Field names match exactly, case included (data has: Name, email)", reasons[0]);
        Assert.Equal("mapping failed: CustomerRegistered: data field 'address.city' is missing (mapped to table 'customers'): " +
            "data.address is a string, not an object", reasons[1]);
        Assert.Equal("mapping failed: CustomerRenamed: data field 'name' is missing (mapped to table 'customers'); data is an empty object", reasons[2]);
        Assert.All(reasons.Values, reason => Assert.DoesNotContain("secret", reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task InvalidEvent_NamesEveryMissingField()
    {
        await using var db = await LegacyTestDatabase.CreateAsync(LegacyProvider.Sqlite);
        var backfill = new BackfillHarness(db);

        var outcome = await backfill.HandleAsync("""{"id":"x","time":"yesterday","data":[]}""");

        var reason = Assert.Single(outcome.DeadLetters).Reason;
        Assert.Contains("'type' is missing", reason);
        Assert.Contains("'subject' is missing", reason);
        Assert.Contains("'time' is not an RFC 3339 timestamp: 'yesterday'", reason);
        Assert.Contains("'data' is missing or not an object", reason);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task EveryBackfillTransaction_WritesTheSyncOriginMarker(LegacyProvider provider)
    {
        await using var db = await LegacyTestDatabase.CreateAsync(provider);
        var backfill = new BackfillHarness(db);
        // A capture trigger as the SQLite capture writes one: it records only changes made outside the backfill.
        await db.ExecAsync("CREATE TABLE captured (id bigint, origin_rows bigint)");
        await db.ExecAsync(provider == LegacyProvider.Postgres
            ? """
              CREATE FUNCTION capture() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
                INSERT INTO captured VALUES (NEW.id, (SELECT COUNT(*) FROM strangler_sync_origin
                  WHERE tx_id = pg_current_xact_id()::text::bigint % 4294967296)); RETURN NEW; END $$;
              CREATE TRIGGER capture AFTER INSERT ON customers FOR EACH ROW EXECUTE FUNCTION capture();
              """
            : "CREATE TRIGGER capture AFTER INSERT ON customers BEGIN INSERT INTO captured VALUES (NEW.id, (SELECT COUNT(*) FROM strangler_sync_origin)); END");

        await backfill.HandleAsync(Events.Registered(1, "Ada", second: 0));
        await db.ExecAsync("INSERT INTO customers (id, name) VALUES (2, 'monolith')");

        var captured = await db.QueryAsync<(long Id, long OriginRows)>("SELECT id, origin_rows FROM captured ORDER BY id");
        Assert.Equal([(1L, 1L), (2L, 0L)], captured);
        if (provider == LegacyProvider.Sqlite)
        {
            Assert.Empty(await db.QueryAsync<long>("SELECT id FROM strangler_sync_origin"));
        }
    }
}
