using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Npgsql;
using Strangler.LegacyDatabase.Dialects;
using Strangler.Sync.Consuming;
using Strangler.Sync.Hosting;
using Strangler.Sync.Metrics;
using Strangler.Sync.Tests.Consuming;

namespace Strangler.Sync.Tests.Backfill;

/// <summary>
/// A legacy database the backfill cannot write for a while, on the real consumer, the Kafka mock cluster and
/// PostgreSQL: here its table held by another transaction's exclusive lock, which the backfill's writes give up on at
/// once (<c>lock_timeout</c>, 55P03, retried as transient like a connection refused).
/// </summary>
/// <remarks>
/// Bug it pins, seen stopping the walk's legacy database for 30 s: <c>/readyz</c> said <c>ready</c> throughout, the
/// status showed only <c>retried</c> growing (<c>stalled</c> comes after two minutes), each retry logged the whole
/// stack trace again, and when the database came back nothing said the pipeline was moving again.
/// </remarks>
public sealed class LegacyOutageTests(KafkaFixture kafka)
{
    [Fact]
    public async Task A_batch_the_legacy_database_refuses_shows_in_status_and_readiness_is_logged_once_with_its_trace_and_its_recovery_is_said()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await LegacyTestDatabase.CreateAsync(LegacyProvider.Postgres);
        var backfill = new BackfillHarness(db, connectionString: new NpgsqlConnectionStringBuilder(db.ConnectionString) { Options = "-c lock_timeout=50" }.ConnectionString);
        var metrics = backfill.Services.GetRequiredService<SyncMetrics>();
        var topic = await kafka.CreateTopicAsync("customers.events");
        var logger = new FakeLogger<KafkaBatchConsumer>();
        var options = TestConsumers.Options(kafka, topic, KafkaFixture.NewGroupId()) with { Pipeline = Events.Options.Pipeline, Kind = "backfill" };

        await using (var holder = new NpgsqlConnection(db.ConnectionString))
        {
            await holder.OpenAsync(ct);
            await using var transaction = await holder.BeginTransactionAsync(ct);
            await using (var lockTable = new NpgsqlCommand("LOCK TABLE customers IN ACCESS EXCLUSIVE MODE", holder, transaction))
            {
                await lockTable.ExecuteNonQueryAsync(ct);
            }

            // Both before the worker starts; the first fetch may still bring only one, so the lines below take any batch size.
            await kafka.ProduceAsync(topic, "customer", Events.Registered(1, "Ada"));
            await kafka.ProduceAsync(topic, "customer", Events.Registered(2, "Grace"));
            using var worker = TestConsumers.Create(kafka, options, backfill.Handler, metrics, logger);
            await worker.StartAsync(ct);
            try
            {
                Assert.True(await Eventually.TrueAsync(() => backfill.Stats.Failing is { Attempts: >= 4 }), $"retried {backfill.Stats.Retried}");

                var failing = backfill.Stats.Failing!;
                Assert.Contains("55P03", failing.LastError, StringComparison.Ordinal);
                Assert.True(failing.Since < failing.LastErrorAt && failing.LastErrorAt < failing.NextAttemptAt, $"{failing}");
                var line = Assert.Single(SyncReadiness.NotReady(metrics));
                Assert.StartsWith($"{Events.Options.Pipeline}: a batch failing since {failing.Since:O} (", line, StringComparison.Ordinal);
                Assert.True(line.EndsWith("): PostgresException 55P03; the worker's log has the error", StringComparison.Ordinal), line);
                // Anyone may read /readyz: the driver's message (which can name the host, port or user) stays in the log.
                Assert.DoesNotContain("lock timeout", line, StringComparison.Ordinal);

                await transaction.RollbackAsync(ct);
                Assert.True(await Eventually.TrueAsync(() => backfill.Stats.Applied >= 2), $"applied {backfill.Stats.Applied}");
                Assert.True(await Eventually.TrueAsync(() => logger.Collector.GetSnapshot().Any(r => r.Message.Contains(" applied after ", StringComparison.Ordinal))));
            }
            finally
            {
                await worker.StopAsync(CancellationToken.None);
            }
        }

        Assert.Null(backfill.Stats.Failing);
        Assert.Empty(SyncReadiness.NotReady(metrics));
        Assert.Equal([(1L, "Ada", "Oslo"), (2L, "Grace", "Oslo")], await db.CustomersAsync());
        var records = logger.Collector.GetSnapshot();
        var failures = records.Where(r => r.Message.Contains("failed", StringComparison.Ordinal) && r.Level == LogLevel.Warning).ToList();
        Assert.True(failures.Count >= 4, string.Join("\n", failures.Select(r => r.Message)));
        // The trace once, with the first failure; every retry that failed the same way says so in one line.
        Assert.NotNull(failures[0].Exception);
        Assert.All(failures.Skip(1), r =>
        {
            Assert.Null(r.Exception);
            Assert.Matches(@"^Pipeline \S+: batch of [12] failed again, attempt \d+, failing for [\d.]+ s: .*55P03.*; retrying in \d+ ms$", r.Message);
        });
        var recovered = Assert.Single(records, r => r.Message.Contains(" applied after ", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Information, recovered.Level);
        Assert.Matches($@"^Pipeline {Events.Options.Pipeline}: batch of [12] applied after {failures.Count} failed attempt\(s\) over [\d.]+ s; going on$", recovered.Message);
    }
}
