using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Strangler.Sync.Consuming;

namespace Strangler.Sync.Tests.Consuming;

/// <summary>Issue 15: progress that sticks after each batch, and a graceful stop that logs no warning.</summary>
public sealed class RestartBehaviourTests(KafkaFixture kafka)
{
    [Fact]
    public async Task Each_batch_is_committed_before_the_next_batch_is_handled()
    {
        var topic = await kafka.CreateTopicAsync();
        for (var i = 0; i < 30; i++)
        {
            await kafka.ProduceAsync(topic, "k", $"m{i}");
        }

        var group = KafkaFixture.NewGroupId();
        // What the broker holds as committed when each batch arrives, against where the previous batch ended.
        var seenAtBatchStart = new ConcurrentQueue<(long Committed, long PreviousEnd)>();
        long previousEnd = -1001;
        var handled = 0;
        var handler = new DelegateBatchHandler((batch, _) =>
        {
            seenAtBatchStart.Enqueue((kafka.CommittedOffsets(group, topic)[0], previousEnd));
            previousEnd = batch[^1].Offset.Value + 1;
            Interlocked.Add(ref handled, batch.Count);
            return Task.FromResult(BatchOutcome.Success);
        });
        var metrics = TestConsumers.NewMetrics();
        using (var consumer = TestConsumers.Create(kafka, TestConsumers.Options(kafka, topic, group, maxBatch: 4), handler, metrics))
        {
            await consumer.StartAsync(TestContext.Current.CancellationToken);
            Assert.True(await Eventually.TrueAsync(() => Volatile.Read(ref handled) >= 30));
            var stats = metrics.Pipelines.Single();
            Assert.True(await Eventually.TrueAsync(() => stats.CommittedOffsets.Any(c => c.Offset == 30)));
            Assert.NotNull(stats.LastProgress);
            Assert.Equal(new Strangler.Sync.Metrics.CommittedOffset(topic, 0, 30), Assert.Single(stats.CommittedOffsets));
            await consumer.StopAsync(TestContext.Current.CancellationToken);
        }

        // With only the 5 s auto-commit, a batch would see the group's offset still at none (-1001) or far behind.
        Assert.True(seenAtBatchStart.Count >= 8, $"only {seenAtBatchStart.Count} batches");
        Assert.All(seenAtBatchStart, s => Assert.Equal(s.PreviousEnd, s.Committed));
    }

    [Fact]
    public async Task A_graceful_stop_logs_no_warning()
    {
        var topic = await kafka.CreateTopicAsync();
        for (var i = 0; i < 5; i++)
        {
            await kafka.ProduceAsync(topic, "k", $"m{i}");
        }

        var logger = new FakeLogger<KafkaBatchConsumer>();
        var handled = 0;
        var handler = new DelegateBatchHandler((batch, _) =>
        {
            Interlocked.Add(ref handled, batch.Count);
            return Task.FromResult(BatchOutcome.Success);
        });
        var group = KafkaFixture.NewGroupId();
        using (var consumer = TestConsumers.Create(kafka, TestConsumers.Options(kafka, topic, group), handler, logger: logger))
        {
            await consumer.StartAsync(TestContext.Current.CancellationToken);
            Assert.True(await Eventually.TrueAsync(() => Volatile.Read(ref handled) >= 5));
            await consumer.StopAsync(TestContext.Current.CancellationToken);
        }

        var records = logger.Collector.GetSnapshot();
        // The stop did go through the revoke callback, which used to commit with nothing stored and warn about it.
        Assert.Contains(records, r => r.Message.Contains("revoked", StringComparison.Ordinal));
        Assert.Contains(records, r => r.Message.Contains("stopped", StringComparison.Ordinal));
        Assert.Empty(records.Where(r => r.Level >= LogLevel.Warning).Select(r => r.Message));
        Assert.Equal([5L], kafka.CommittedOffsets(group, topic));
    }
}
