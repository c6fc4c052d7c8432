using Npgsql;
using Strangler.LegacyDatabase.Dialects;

namespace Strangler.Sync.Tests.Backfill;

/// <summary>
/// Bug: a permanent write failure's reason was the driver's message, and the engines quote row values in theirs (the
/// duplicate key, the input of a failed cast; PostgreSQL's Detail the whole failing row when the connection string
/// sets Include Error Detail). That reason is the dead letter's and is logged twice. It now names the error and the
/// table, constraint or type, never the value.
/// </summary>
public sealed class BackfillSecretReasonTests
{
    private const string Secret = "s3cret-Value";

    public static TheoryData<LegacyProvider> Providers => [LegacyProvider.Postgres, LegacyProvider.Sqlite];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task UniqueViolation_InALegacyTable_IsDeadLetteredWithoutTheDuplicateValue(LegacyProvider provider)
    {
        await using var db = await LegacyTestDatabase.CreateAsync(provider);
        await db.ExecAsync("CREATE UNIQUE INDEX customers_name_key ON customers (name)");
        var backfill = new BackfillHarness(db, connectionString: WithErrorDetail(db));

        var outcome = await backfill.HandleAsync(Events.Registered(1, Secret), Events.Registered(2, Secret));

        var reason = Assert.Single(outcome.DeadLetters).Reason;
        Assert.StartsWith("permanent failure writing customers: ", reason);
        Assert.Contains(provider == LegacyProvider.Postgres ? "23505: " : "UNIQUE constraint failed", reason);
        Assert.Contains(provider == LegacyProvider.Postgres ? "customers_name_key" : "customers.name", reason);
        Assert.DoesNotContain(Secret, reason);
        Assert.Equal([(1L, Secret, "Oslo")], await db.CustomersAsync());
    }

    [Fact]
    public async Task FailedCast_OfAnEventValue_IsDeadLetteredWithoutTheValue()
    {
        await using var db = await LegacyTestDatabase.CreateAsync(LegacyProvider.Postgres);
        await db.ExecAsync("ALTER TABLE customers ALTER COLUMN city TYPE integer USING NULL");
        var backfill = new BackfillHarness(db, connectionString: WithErrorDetail(db));

        var outcome = await backfill.HandleAsync(Events.Registered(1, "Ada", city: Secret));

        Assert.Equal("permanent failure writing customers: 22P02: invalid input syntax for type integer: [redacted]",
            Assert.Single(outcome.DeadLetters).Reason);
    }

    [Fact]
    public async Task RetriedFailure_ThrowsForTheConsumersLog_WithoutTheDriversMessage()
    {
        // A legacy trigger that refuses a row and says which in its detail, as PostgreSQL's own errors do. P0001 is
        // not a class the dialect knows to be permanent, so the batch is retried and the consumer logs the exception.
        await using var db = await LegacyTestDatabase.CreateAsync(LegacyProvider.Postgres);
        await db.ExecAsync("""
            CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS
            $$ BEGIN RAISE EXCEPTION 'row refused' USING DETAIL = 'name ' || NEW.name; END $$;
            CREATE TRIGGER refuse BEFORE INSERT ON customers FOR EACH ROW EXECUTE FUNCTION refuse();
            """);
        var backfill = new BackfillHarness(db, connectionString: WithErrorDetail(db));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => backfill.HandleAsync(Events.Registered(1, Secret)));

        Assert.Equal("the legacy write failed: P0001: row refused", error.Message);
        Assert.DoesNotContain(Secret, error.ToString());
    }

    // Bug: an event that was not JSON was dead-lettered with System.Text.Json's own message, which quotes the input
    // from a bare word to the end of the message ("'tSup3rSecret and more}}' is an invalid JSON literal"): the reason
    // is the dead letter's header, two log lines and what `strangler dlq list` prints. The message itself is kept in
    // the dead letter.
    [Fact]
    public async Task AnEventThatIsNotJson_IsDeadLetteredWithoutTheValuesItHolds()
    {
        await using var db = await LegacyTestDatabase.CreateAsync(LegacyProvider.Sqlite);
        var backfill = new BackfillHarness(db);

        var outcome = await backfill.HandleAsync(
            "{\"id\":\"e-1\",\"type\":\"CustomerRegistered\",\"subject\":\"1\",\"data\":{\"token\":t" + Secret + ", \"name\":\"Ada\"}}");

        var reason = Assert.Single(outcome.DeadLetters).Reason;
        Assert.Equal("invalid domain event: the value is not JSON at line 1, column 72: a bare word is an invalid JSON literal. Expected the literal 'true'.", reason);
        Assert.DoesNotContain(Secret, reason);
    }

    // Npgsql leaves Detail out of its messages unless asked; a legacy connection string may well ask.
    private static string WithErrorDetail(LegacyTestDatabase db) => db.Provider == LegacyProvider.Postgres
        ? new NpgsqlConnectionStringBuilder(db.ConnectionString) { IncludeErrorDetail = true }.ConnectionString
        : db.ConnectionString;
}
