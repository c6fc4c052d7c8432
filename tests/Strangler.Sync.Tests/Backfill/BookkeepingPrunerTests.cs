using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Strangler.LegacyDatabase.Dialects;
using Strangler.Sync.Backfill;

namespace Strangler.Sync.Tests.Backfill;

/// <summary>The backfill's bookkeeping rows are pruned past their retention, against real PostgreSQL and SQLite.</summary>
public sealed class BookkeepingPrunerTests
{
    public static TheoryData<LegacyProvider> Providers => [LegacyProvider.Postgres, LegacyProvider.Sqlite];

    // Starts at the real time: PostgreSQL stamps sync-origin markers with the server's now(), not the test's clock.
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Prune_RowsPastTheirRetention_GoInBatchesAndNewerOnesStay(LegacyProvider provider)
    {
        await using var db = await LegacyTestDatabase.CreateAsync(provider);
        var backfill = new BackfillHarness(db, services => services.AddSingleton<TimeProvider>(_time));
        await backfill.HandleAsync(Events.Registered(1, "Ada"), Events.Registered(2, "Bob"), Events.Registered(3, "Cy"));
        _time.Advance(TimeSpan.FromDays(2));
        await backfill.HandleAsync(Events.Renamed(1, "Ada L", 1), Events.Renamed(2, "Bob B", 1));
        var markers = await CountAsync(db, "strangler_sync_origin");
        _time.Advance(TimeSpan.FromDays(2));
        // A batch size below the backlog, so the pruner must go round more than once.
        var pruner = Pruner(db, backfill.Options with { AppliedEventRetention = TimeSpan.FromDays(3), PruneBatchSize = 2 });

        var counts = await pruner.PruneAsync(TestContext.Current.CancellationToken);

        Assert.Equal(3, counts.AppliedEvents);
        Assert.Equal(2, await CountAsync(db, "strangler_applied_events"));
        // PostgreSQL keeps a marker per backfill transaction, all older than a day by now; SQLite keeps none.
        Assert.Equal(provider == LegacyProvider.Postgres ? 2 : 0, markers);
        Assert.Equal(markers, counts.SyncOrigins);
        Assert.Equal(0, await CountAsync(db, "strangler_sync_origin"));
        Assert.Equal(new PruneCounts(0, 0), await pruner.PruneAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Redelivery_OfAnOlderEventAfterItsIdWasPruned_IsStillSkippedAsStale(LegacyProvider provider)
    {
        await using var db = await LegacyTestDatabase.CreateAsync(provider);
        var backfill = new BackfillHarness(db, services => services.AddSingleton<TimeProvider>(_time));
        var registered = Events.Registered(1, "Ada", second: 0);
        await backfill.HandleAsync(registered, Events.Renamed(1, "Ada L", 1));
        _time.Advance(TimeSpan.FromDays(8));
        await Pruner(db, backfill.Options).PruneAsync(TestContext.Current.CancellationToken);
        Assert.Equal(0, await CountAsync(db, "strangler_applied_events"));

        await backfill.HandleAsync(registered);

        // The per-row high-water mark outlives the id: the older event does not undo the rename.
        Assert.Equal("Ada L", Assert.Single(await db.CustomersAsync()).Name);
        Assert.Equal(1, backfill.Stats.Skipped);
    }

    [Fact]
    public async Task Service_AtStart_PrunesAndKeepsGoingAfterAFailedPrune()
    {
        await using var db = await LegacyTestDatabase.CreateAsync(LegacyProvider.Sqlite);
        var backfill = new BackfillHarness(db, services => services.AddSingleton<TimeProvider>(_time));
        await backfill.HandleAsync(Events.Registered(1, "Ada"));
        _time.Advance(TimeSpan.FromDays(8));
        var options = backfill.Options with { PruneInterval = TimeSpan.FromMinutes(10) };
        // The first prune fails (its table is renamed away), the next one, a tick later, succeeds.
        await db.ExecAsync("ALTER TABLE strangler_applied_events RENAME TO held_away");
        var logger = new FakeLogger<BookkeepingPruningService>();
        using var service = new BookkeepingPruningService(Pruner(db, options), options, _time, logger);
        await service.StartAsync(TestContext.Current.CancellationToken);

        // Wait for the failure itself, so the assertion below runs after the failure path and not before it.
        Assert.True(await Eventually.TrueAsync(() => logger.Collector.GetSnapshot().Any(r => r.Level == LogLevel.Warning)),
            "The first prune should have failed and logged a warning.");
        Assert.False(service.ExecuteTask!.IsCompleted, "A failed prune must not end the service.");
        Assert.Equal(1, await CountAsync(db, "held_away"));

        await db.ExecAsync("ALTER TABLE held_away RENAME TO strangler_applied_events");
        _time.Advance(options.PruneInterval);

        Assert.True(await Eventually.TrueAsync(() => CountAsync(db, "strangler_applied_events").Result == 0));
        await service.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public void Validate_RetentionsIntervalAndBatchSizeOutOfRange_NamesEachKey()
    {
        var errors = BackfillOptionsValidator.Validate(Events.Options with
        {
            Provider = "sqlite",
            ConnectionString = "Data Source=x.db",
            AppliedEventRetention = TimeSpan.Zero,
            SyncOriginRetention = TimeSpan.FromHours(-1),
            PruneInterval = TimeSpan.Zero,
            PruneBatchSize = 0,
        });

        Assert.Equal(
        [
            "Strangler:Sync:Backfill:AppliedEventRetention must be positive (was '00:00:00').",
            "Strangler:Sync:Backfill:SyncOriginRetention must be positive (was '-01:00:00').",
            "Strangler:Sync:Backfill:PruneInterval must be positive (was '00:00:00').",
            "Strangler:Sync:Backfill:PruneBatchSize must be from 1 to 100000 (was 0).",
        ], errors);
    }

    private BookkeepingPruner Pruner(LegacyTestDatabase db, BackfillOptions options) =>
        new(db.Dialect, options with { ConnectionString = db.ConnectionString }, _time);

    private static async Task<long> CountAsync(LegacyTestDatabase db, string table) =>
        (await db.QueryAsync<long>($"SELECT COUNT(*) FROM {table}")).Single();
}
