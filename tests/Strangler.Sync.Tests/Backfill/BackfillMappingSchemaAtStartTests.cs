using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Strangler.LegacyDatabase.Dialects;
using Strangler.Sync.Backfill;
using Strangler.Sync.Hosting;

namespace Strangler.Sync.Tests.Backfill;

/// <summary>
/// Bug: a backfill mapping naming a legacy table or column that does not exist was found only when the first event
/// arrived, which for a new service can be days after the worker started. The worker now checks the mappings as it
/// starts and warns, naming each setting; it still starts when the legacy database does not answer.
/// </summary>
public sealed class BackfillMappingSchemaAtStartTests : IDisposable
{
    private readonly string _store = Path.Combine(Path.GetTempPath(), $"orders-{Guid.NewGuid():N}.db");

    public void Dispose() => File.Delete(_store);

    public static TheoryData<LegacyProvider> Providers => [LegacyProvider.Postgres, LegacyProvider.Sqlite];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_mapping_naming_a_missing_column_or_table_is_warned_of_as_the_worker_starts_before_any_event(LegacyProvider provider)
    {
        await using var db = await LegacyTestDatabase.CreateAsync(provider);

        var warnings = await StartAndStopAsync(provider, db.ConnectionString, r => r.Level == LogLevel.Warning, expected: 2);

        Assert.Equal(
        [
            "Backfill mapping of event type CustomerRenamed does not match the legacy schema (checked at start): " +
            "Strangler:Sync:Backfill:Mappings:CustomerRenamed:Columns:nmae: table 'customers' has no column 'nmae' (its columns: id, name, city, since); " +
            "its events will be dead-lettered until the setting or the schema is fixed (a schema change is seen within a minute, without a restart)",
            "Backfill mapping of event type OrderPlaced does not match the legacy schema (checked at start): " +
            "Strangler:Sync:Backfill:Mappings:OrderPlaced:Table: table 'orders' does not exist; " +
            "its events will be dead-lettered until the setting or the schema is fixed (a schema change is seen within a minute, without a restart)",
        ], warnings.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_legacy_database_that_does_not_answer_holds_up_nothing_and_is_checked_at_the_first_event()
    {
        // Nothing listens on port 1: the connection is refused at once.
        var notes = await StartAndStopAsync(LegacyProvider.Postgres, "Host=127.0.0.1;Port=1;Username=postgres;Password=postgres;Database=postgres;Timeout=5",
            r => r.Level == LogLevel.Information, expected: 1);

        var note = Assert.Single(notes);
        Assert.StartsWith("Backfill mappings not checked against the legacy schema at start, the database did not answer (", note, StringComparison.Ordinal);
        Assert.EndsWith("); they are checked when the first event arrives", note, StringComparison.Ordinal);
    }

    // The worker as strangler sync runs it (no projection, the mock cluster), started and stopped once the start check
    // has said what it says.
    private async Task<List<string>> StartAndStopAsync(LegacyProvider provider, string connectionString, Func<FakeLogRecord, bool> which, int expected)
    {
        await using var app = SyncApplication.Build(["--urls=http://127.0.0.1:0"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Strangler:Sync:UseMockCluster"] = "true",
                ["Strangler:Sync:Store:LiteDbPath"] = _store,
                ["Strangler:Sync:Backfill:Provider"] = provider == LegacyProvider.Postgres ? "postgres" : "sqlite",
                ["Strangler:Sync:Backfill:ConnectionString"] = connectionString,
                ["Strangler:Sync:Backfill:Consumer:GroupId"] = "customers-backfill",
                ["Strangler:Sync:Backfill:Consumer:Topics:0"] = "customers.events",
                ["Strangler:Sync:Backfill:Mappings:CustomerRegistered:Table"] = "customers",
                ["Strangler:Sync:Backfill:Mappings:CustomerRegistered:KeyColumn"] = "id",
                ["Strangler:Sync:Backfill:Mappings:CustomerRegistered:Columns:name"] = "name",
                ["Strangler:Sync:Backfill:Mappings:CustomerRenamed:Table"] = "customers",
                ["Strangler:Sync:Backfill:Mappings:CustomerRenamed:KeyColumn"] = "id",
                ["Strangler:Sync:Backfill:Mappings:CustomerRenamed:Columns:nmae"] = "name",
                ["Strangler:Sync:Backfill:Mappings:OrderPlaced:Table"] = "orders",
                ["Strangler:Sync:Backfill:Mappings:OrderPlaced:KeyColumn"] = "id",
            });
            builder.Logging.AddFakeLogging();
        });

        await app.StartAsync(TestContext.Current.CancellationToken);
        var collector = app.Services.GetFakeLogCollector();
        List<string> Said() => [.. collector.GetSnapshot().Where(r => r.Category == typeof(MappingSchemaStartCheck).FullName).Where(which).Select(r => r.Message)];
        Assert.True(await Eventually.TrueAsync(() => Said().Count >= expected), string.Join("\n", Said()));
        await app.StopAsync(TestContext.Current.CancellationToken);
        return Said();
    }
}
