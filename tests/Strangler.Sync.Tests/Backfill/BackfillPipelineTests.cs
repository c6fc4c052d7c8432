using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Strangler.LegacyDatabase.Dialects;
using Strangler.Sync.Backfill;
using Strangler.Sync.Consuming;
using Strangler.Sync.DeadLetters;
using Strangler.Sync.Metrics;
using Strangler.Sync.Tests.Consuming;

namespace Strangler.Sync.Tests.Backfill;

/// <summary>The backfill on the real batch consumer, the Kafka mock cluster and a real legacy database.</summary>
public sealed class BackfillPipelineTests(KafkaFixture kafka)
{
    private const int Count = 30;

    [Fact]
    public async Task TransientFailureMidBatch_ConnectionKilled_IsRetriedAndEverythingAppliesOnce()
    {
        await using var db = await LegacyTestDatabase.CreateAsync(LegacyProvider.Postgres);
        // The 10th row written kills its own connection, once (a sequence is not rolled back): like a failover.
        await db.ExecAsync("""
            CREATE SEQUENCE kill_once;
            CREATE FUNCTION kill_once() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
              IF NEW.id = 10 AND nextval('kill_once') = 1 THEN PERFORM pg_terminate_backend(pg_backend_pid()); END IF;
              RETURN NEW; END $$;
            CREATE TRIGGER kill_once BEFORE INSERT ON customers FOR EACH ROW EXECUTE FUNCTION kill_once();
            """);
        var backfill = new BackfillHarness(db);
        var topic = await ProduceAsync(Enumerable.Range(1, Count).Select(i => Events.Registered(i, "c" + i, second: i)));

        await RunUntilAsync(backfill, topic, KafkaFixture.NewGroupId(), stats => stats.Applied >= Count);

        Assert.Equal(Count, (await db.CustomersAsync()).Count);
        Assert.True(backfill.Stats.Retried >= 1, "the killed connection should have cost a retry");
        Assert.Equal(0, backfill.Stats.DeadLettered);
        Assert.Equal(Count, (await db.QueryAsync<long>("SELECT COUNT(*) FROM strangler_applied_events")).Single());
    }

    [Theory]
    [InlineData(LegacyProvider.Postgres)]
    [InlineData(LegacyProvider.Sqlite)]
    public async Task WorkerKilledAfterCommitBeforeOffsets_NextWorkerRedeliversAndNothingAppliesTwice(LegacyProvider provider)
    {
        await using var db = await LegacyTestDatabase.CreateAsync(provider);
        var topic = await ProduceAsync(Enumerable.Range(1, Count).Select(i => Events.Registered(i, "c" + i, second: i))
            .Append(Events.Renamed(1, "renamed", 100)));
        var group = KafkaFixture.NewGroupId();

        var first = new BackfillHarness(db);
        var committed = new TaskCompletionSource();
        var dies = new DelegateBatchHandler(async (batch, ct) =>
        {
            await first.Handler.HandleAsync(batch, ct);
            committed.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct); // the worker dies here: its offsets are never stored
            return BatchOutcome.Success;
        });
        using (var worker = TestConsumers.Create(kafka, ConsumerOptions(topic, group), dies, first.Services.GetRequiredService<SyncMetrics>()))
        {
            await worker.StartAsync(TestContext.Current.CancellationToken);
            await committed.Task.WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
            await worker.StopAsync(TestContext.Current.CancellationToken);
        }
        var appliedByFirst = first.Stats.Applied;
        await db.ExecAsync("UPDATE customers SET city = 'edited after the crash'");

        var second = new BackfillHarness(db);
        await RunUntilAsync(second, topic, group, stats => stats.Applied + stats.Skipped >= Count + 1);

        Assert.True(appliedByFirst > 0);
        Assert.Equal(Count + 1 - appliedByFirst, second.Stats.Applied);
        var rows = await db.CustomersAsync();
        Assert.Equal(Count, rows.Count);
        Assert.Equal("renamed", rows[0].Name);
        Assert.Equal(appliedByFirst >= Count ? Count : (int)appliedByFirst, rows.Count(r => r.City == "edited after the crash"));
    }

    [Fact]
    public async Task PoisonEvent_GoesToTheDeadLetterTopicWithItsReason_AndThePipelineGoesOn()
    {
        await using var db = await LegacyTestDatabase.CreateAsync(LegacyProvider.Sqlite);
        var backfill = new BackfillHarness(db);
        var topic = await ProduceAsync([Events.Registered(1, "Ada", second: 1), Events.Registered(2, null, second: 1), Events.Registered(3, "Cy", second: 1)]);

        await RunUntilAsync(backfill, topic, KafkaFixture.NewGroupId(), stats => stats.Applied >= 2 && stats.DeadLettered >= 1);

        Assert.Equal([1L, 3L], (await db.CustomersAsync()).Select(r => r.Id));
        var letter = Assert.Single(new DeadLetterReader(kafka.BootstrapServers).ReadAll(DeadLetterHeaders.TopicFor(topic), TimeSpan.FromSeconds(10)));
        Assert.StartsWith("permanent failure writing customers:", letter.Reason);
        Assert.Equal(1, letter.SourceOffset);
    }

    // Bug: each dead letter of the backfill was logged twice, at Error by the handler (the event and the table) and at
    // Warning by the consumer (where the message is, and the reason). The handler's line, the one the README speaks of,
    // now says all of it; the consumer still logs a dead letter no handler logged (an event of a mapping that does not
    // match the legacy schema).
    [Fact]
    public async Task A_dead_letter_is_logged_once_naming_the_event_the_table_where_it_is_and_why()
    {
        await using var db = await LegacyTestDatabase.CreateAsync(LegacyProvider.Sqlite);
        using var logs = new FakeLoggerProvider();
        var backfill = new BackfillHarness(db, services => services.AddLogging(logging => logging.AddProvider(logs)));
        var topic = await ProduceAsync([Events.Registered(1, "Ada", second: 1), Events.Registered(2, null, second: 1, eventId: "e-null-name"),
            "{ not json", Events.Json("e-unmapped", "CustomerPromoted", 1, 1, new { }),
            Events.Json("e-order", "OrderPlaced", 7, 1, new { total = 3 })]); // its mapping's table does not exist

        await RunUntilAsync(backfill, topic, KafkaFixture.NewGroupId(), stats => stats.Applied >= 1 && stats.DeadLettered >= 4,
            backfill.Services.GetRequiredService<ILogger<KafkaBatchConsumer>>());

        // Lines that place a message as topic[partition]@offset; the mapping's mismatch is said once on its own.
        var lines = logs.Collector.GetSnapshot().Where(r => r.Message.Contains(topic + "[0]@", StringComparison.Ordinal)).ToList();
        var letters = new DeadLetterReader(kafka.BootstrapServers).ReadAll(DeadLetterHeaders.TopicFor(topic), TimeSpan.FromSeconds(10));
        Assert.Equal(4, letters.Count);
        // One line per dead letter, ending with where the message is and the reason the dead letter keeps, as
        // `strangler dlq list` prints them.
        Assert.True(lines.Count == 4, string.Join("\n", lines.Select(r => $"{r.Level} {r.Category}: {r.Message}")));
        Assert.Equal(letters.Select(l => $"{topic}[0]@{l.SourceOffset}: {l.Reason}").Order(StringComparer.Ordinal),
            lines.Select(r => r.Message[r.Message.IndexOf(topic, StringComparison.Ordinal)..]).Order(StringComparer.Ordinal));
        var poison = Assert.Single(lines, r => r.Message.Contains($"{topic}[0]@1", StringComparison.Ordinal));
        Assert.Equal((LogLevel.Error, typeof(BackfillHandler).FullName), (poison.Level, poison.Category));
        Assert.StartsWith($"Backfill dead-lettered event e-null-name (CustomerRegistered) for table customers at {topic}[0]@1: permanent failure writing customers: ",
            poison.Message);
        Assert.Contains(lines, r => r.Level == LogLevel.Error && r.Message == $"Backfill dead-lettered event e-unmapped (CustomerPromoted) at {topic}[0]@3: no mapping for event type 'CustomerPromoted'");
        Assert.Contains(lines, r => r.Level == LogLevel.Error && r.Message.StartsWith($"Backfill dead-lettered a message at {topic}[0]@2: invalid domain event: ", StringComparison.Ordinal));
        // No line of the handler's names it: the consumer's does.
        var mismatch = Assert.Single(lines, r => r.Message.Contains($"{topic}[0]@4", StringComparison.Ordinal));
        Assert.Equal((LogLevel.Warning, typeof(KafkaBatchConsumer).FullName), (mismatch.Level, mismatch.Category));
    }

    private BatchConsumerOptions ConsumerOptions(string topic, string group) =>
        TestConsumers.Options(kafka, topic, group) with { Pipeline = Events.Options.Pipeline, Kind = "backfill" };

    private async Task<string> ProduceAsync(IEnumerable<string> events)
    {
        var topic = await kafka.CreateTopicAsync("customers.events");
        foreach (var value in events)
        {
            await kafka.ProduceAsync(topic, "customer", value);
        }
        return topic;
    }

    private async Task RunUntilAsync(BackfillHarness backfill, string topic, string group, Func<PipelineStats, bool> done,
        ILogger<KafkaBatchConsumer>? logger = null)
    {
        using var worker = TestConsumers.Create(kafka, ConsumerOptions(topic, group), backfill.Handler, backfill.Services.GetRequiredService<SyncMetrics>(), logger);
        await worker.StartAsync(TestContext.Current.CancellationToken);
        var reached = await Eventually.TrueAsync(() => done(backfill.Stats));
        await worker.StopAsync(TestContext.Current.CancellationToken);
        Assert.True(reached, $"pipeline did not get there: applied {backfill.Stats.Applied}, skipped {backfill.Stats.Skipped}, " +
                             $"dead-lettered {backfill.Stats.DeadLettered}, retried {backfill.Stats.Retried}");
    }
}
