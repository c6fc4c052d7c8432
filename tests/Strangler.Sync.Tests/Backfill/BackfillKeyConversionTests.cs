using System.Text.Json;
using Strangler.LegacyDatabase.Dialects;
using Strangler.Sync.Backfill;

namespace Strangler.Sync.Tests.Backfill;

/// <summary>
/// Bug: an event whose subject is not a number, for a mapping keyed by the subject into a bigint (SQLite: INTEGER
/// PRIMARY KEY) column, was dead-lettered as the engine's conversion error alone ("22P02: invalid input syntax for
/// type bigint: [redacted]", "datatype mismatch"): nothing said the value was the key, that it came from the subject,
/// which column wanted a number, or which message it was. The reason now says all four.
/// </summary>
public sealed class BackfillKeyConversionTests
{
    public static TheoryData<LegacyProvider> Providers => [LegacyProvider.Postgres, LegacyProvider.Sqlite];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_subject_that_is_not_a_number_for_an_integer_key_column_is_named_as_the_key_from_the_subject(LegacyProvider provider)
    {
        await using var db = await LegacyTestDatabase.CreateAsync(provider);
        var backfill = new BackfillHarness(db);

        var outcome = await backfill.HandleAsync(Events.Registered(1, "Ada"), Registered("e-bad", "cust-42"), Events.Registered(2, "Bob"));

        var letter = Assert.Single(outcome.DeadLetters);
        Assert.Equal(1, letter.Message.Offset.Value);
        Assert.StartsWith(
            "permanent failure writing customers: the key 'cust-42' of event e-bad, taken from the event's subject (the mapping sets no " +
            "KeyField), is not an integer, which the key column customers.id holds (message customers.events[0]@1): ", letter.Reason);
        Assert.Equal([1L, 2L], (await db.CustomersAsync()).Select(c => c.Id));
    }

    [Fact]
    public async Task A_key_from_a_data_field_is_named_by_its_field()
    {
        await using var db = await LegacyTestDatabase.CreateAsync(LegacyProvider.Postgres);
        var backfill = new BackfillHarness(db, mappings: new Dictionary<string, EventMappingOptions>
        {
            ["CustomerRegistered"] = new() { Table = "customers", KeyColumn = "id", KeyField = "customerId", Columns = new Dictionary<string, string> { ["name"] = "name" } },
        });

        var outcome = await backfill.HandleAsync(Registered("e-bad", "1", customerId: "C-7"));

        Assert.Contains("the key 'C-7' of event e-bad, taken from the event's data field 'customerId' (its KeyField), is not an integer",
            Assert.Single(outcome.DeadLetters).Reason);
    }

    [Fact]
    public async Task A_number_refused_in_another_column_is_not_blamed_on_the_key()
    {
        await using var db = await LegacyTestDatabase.CreateAsync(LegacyProvider.Postgres);
        await db.ExecAsync("ALTER TABLE customers ALTER COLUMN city TYPE integer USING NULL");
        var backfill = new BackfillHarness(db);

        var outcome = await backfill.HandleAsync(Events.Registered(1, "Ada", city: "Oslo"));

        Assert.Equal("permanent failure writing customers: 22P02: invalid input syntax for type integer: [redacted]", Assert.Single(outcome.DeadLetters).Reason);
    }

    private static string Registered(string id, string subject, string? customerId = null) => JsonSerializer.Serialize(new
    {
        specversion = "1.0", id, type = "CustomerRegistered", source = "/customers", subject, time = Events.T0,
        data = new { name = "Cy", customerId, address = new { city = "Lima" } },
    });
}
