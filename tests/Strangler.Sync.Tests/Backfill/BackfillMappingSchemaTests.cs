using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Strangler.LegacyDatabase.Dialects;
using Strangler.Sync.Backfill;

namespace Strangler.Sync.Tests.Backfill;

/// <summary>
/// Bug: a backfill mapping naming a table or column the legacy schema lacks was not noticed until its events were
/// written, and then each one failed on its own with the engine's raw error (after splitting its batch), naming no
/// setting. The worker now checks every declared mapping against the schema when the first batch arrives, names the
/// setting, the missing name and the one meant when only the case differs, once, and dead-letters that mapping's
/// events with that reason; the other mappings' events are written as before.
/// </summary>
public sealed class BackfillMappingSchemaTests
{
    public static TheoryData<LegacyProvider> Providers => [LegacyProvider.Postgres, LegacyProvider.Sqlite];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_mapping_naming_a_missing_column_or_table_dead_letters_its_events_naming_the_setting_once(LegacyProvider provider)
    {
        await using var db = await LegacyTestDatabase.CreateAsync(provider);
        var logs = new FakeLoggerProvider();
        var backfill = new BackfillHarness(db, s => s.AddSingleton<ILoggerProvider>(logs), mappings: new Dictionary<string, EventMappingOptions>
        {
            ["CustomerRegistered"] = Events.Options.Mappings["CustomerRegistered"],
            ["CustomerRenamed"] = new() { Table = "customers", KeyColumn = "id", Columns = new Dictionary<string, string> { ["nmae"] = "name" } },
            ["OrderPlaced"] = new() { Table = "orders", KeyColumn = "id", Columns = new Dictionary<string, string> { ["total"] = "total" } },
        });

        var first = await backfill.HandleAsync(Events.Registered(1, "Ada"), Events.Renamed(1, "Ada L", 1), Order(1));
        var second = await backfill.HandleAsync(Events.Renamed(1, "Ada K", 2), Order(2));

        Assert.Equal([(1L, "Ada", "Oslo")], await db.CustomersAsync());
        var reasons = first.DeadLetters.Concat(second.DeadLetters).Select(d => d.Reason).ToList();
        Assert.Equal(4, reasons.Count);
        const string renamed = "the backfill mapping of event type 'CustomerRenamed' does not match the legacy schema: " +
            "Strangler:Sync:Backfill:Mappings:CustomerRenamed:Columns:nmae: table 'customers' has no column 'nmae' (its columns: id, name, city, since)";
        const string order = "the backfill mapping of event type 'OrderPlaced' does not match the legacy schema: " +
            "Strangler:Sync:Backfill:Mappings:OrderPlaced:Table: table 'orders' does not exist";
        Assert.Equal([renamed, order, renamed, order], reasons);
        var errors = logs.Collector.GetSnapshot().Where(r => r.Level == LogLevel.Error).Select(r => r.Message).ToList();
        Assert.Equal(2, errors.Count(e => e.Contains("does not match the legacy schema", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_name_differing_only_in_case_is_suggested_on_PostgreSQL_where_quoted_names_match_exactly()
    {
        await using var db = await LegacyTestDatabase.CreateAsync(LegacyProvider.Postgres);
        var backfill = new BackfillHarness(db, mappings: new Dictionary<string, EventMappingOptions>
        {
            ["CustomerRenamed"] = new() { Table = "customers", KeyColumn = "Id", Columns = new Dictionary<string, string> { ["Name"] = "name" } },
            ["CustomerDeleted"] = new() { Table = "Customers", KeyColumn = "id", Operation = "delete" },
        });

        var outcome = await backfill.HandleAsync(Events.Renamed(1, "Ada", 1), Events.Deleted(1, 2));

        Assert.Collection(outcome.DeadLetters.Select(d => d.Reason),
            r => Assert.EndsWith(
                "Strangler:Sync:Backfill:Mappings:CustomerRenamed:KeyColumn: table 'customers' has no column 'Id'; did you mean 'id'? Column names " +
                "match exactly, case included (its columns: id, name, city, since); Strangler:Sync:Backfill:Mappings:CustomerRenamed:Columns:Name: " +
                "table 'customers' has no column 'Name'; did you mean 'name'? Column names match exactly, case included (its columns: id, name, city, since)", r),
            r => Assert.EndsWith(
                "Strangler:Sync:Backfill:Mappings:CustomerDeleted:Table: table 'Customers' does not exist; did you mean 'customers'? " +
                "Table names match exactly, case included", r));
    }

    [Fact]
    public async Task A_name_differing_only_in_case_is_no_problem_on_SQLite_which_matches_names_whatever_their_case()
    {
        await using var db = await LegacyTestDatabase.CreateAsync(LegacyProvider.Sqlite);
        var backfill = new BackfillHarness(db, mappings: new Dictionary<string, EventMappingOptions>
        {
            ["CustomerRegistered"] = new() { Table = "Customers", KeyColumn = "ID", Columns = new Dictionary<string, string> { ["Name"] = "name" } },
        });

        var outcome = await backfill.HandleAsync(Events.Registered(1, "Ada"));

        Assert.Empty(outcome.DeadLetters);
        Assert.Equal("Ada", Assert.Single(await db.CustomersAsync()).Name);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_column_added_by_a_migration_lets_the_mappings_events_through_after_the_recheck(LegacyProvider provider)
    {
        await using var db = await LegacyTestDatabase.CreateAsync(provider);
        var time = new ManualTime();
        var backfill = new BackfillHarness(db, s => s.AddSingleton<TimeProvider>(time), mappings: new Dictionary<string, EventMappingOptions>
        {
            ["CustomerRenamed"] = new() { Table = "customers", KeyColumn = "id", Columns = new Dictionary<string, string> { ["name"] = "name", ["nickname"] = "name" } },
        });
        await db.ExecAsync("INSERT INTO customers (id, name) VALUES (1, 'Ada')");
        Assert.Single((await backfill.HandleAsync(Events.Renamed(1, "Ada L", 1))).DeadLetters);

        await db.ExecAsync("ALTER TABLE customers ADD COLUMN nickname text");
        time.Advance(MappingSchemaCheck.RecheckAfter);

        Assert.Empty((await backfill.HandleAsync(Events.Renamed(1, "Ada K", 2))).DeadLetters);
        Assert.Equal("Ada K", Assert.Single(await db.CustomersAsync()).Name);
    }

    private static string Order(int second) => Events.Json(Guid.NewGuid().ToString(), "OrderPlaced", 7, second, new { total = 3 });

    private sealed class ManualTime : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
