using Strangler.Sync.Consuming;
using Strangler.Sync.Metrics;

namespace Strangler.Sync.Tests.Consuming;

/// <summary>
/// The status's committed offsets per partition stay true when a batch touches only some of the assigned partitions
/// (found operating a worker: after draining three partitions the status said two had committed nothing).
/// </summary>
public sealed class CommittedOffsetsStatusTests(KafkaFixture kafka)
{
    [Fact]
    public async Task A_batch_on_one_partition_keeps_the_committed_offsets_of_the_others()
    {
        var topic = await kafka.CreateTopicAsync(partitions: 3);
        var handled = 0;
        var handler = new DelegateBatchHandler((batch, _) =>
        {
            Interlocked.Add(ref handled, batch.Count);
            return Task.FromResult(BatchOutcome.Success);
        });
        var metrics = TestConsumers.NewMetrics();
        var group = KafkaFixture.NewGroupId();
        using var consumer = TestConsumers.Create(kafka, TestConsumers.Options(kafka, topic, group), handler, metrics);
        await consumer.StartAsync(TestContext.Current.CancellationToken);
        var stats = metrics.Pipelines.Single();

        // One partition at a time, each waited for: every commit then carries one partition's new offset only.
        for (var partition = 0; partition < 3; partition++)
        {
            for (var i = 0; i < 4 + partition; i++)
            {
                await kafka.ProduceAsync(topic, "k", $"p{partition}-m{i}", partition);
            }

            var expected = 4 + partition;
            var p = partition;
            Assert.True(await Eventually.TrueAsync(() => stats.CommittedOffsets.Any(c => c.Partition == p && c.Offset == expected)),
                $"partition {p} never showed offset {expected}: {string.Join(", ", stats.CommittedOffsets)}");
        }

        Assert.Equal(
            [new CommittedOffset(topic, 0, 4), new CommittedOffset(topic, 1, 5), new CommittedOffset(topic, 2, 6)],
            stats.CommittedOffsets);
        await consumer.StopAsync(TestContext.Current.CancellationToken);
        Assert.Equal([4L, 5L, 6L], kafka.CommittedOffsets(group, topic, partitions: 3));
    }
}
