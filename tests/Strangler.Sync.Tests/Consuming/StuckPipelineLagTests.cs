namespace Strangler.Sync.Tests.Consuming;

/// <summary>
/// The consumer lag of a pipeline stuck retrying a batch counts what arrives behind it (found operating a worker: a
/// pipeline stuck on one message reported a lag of 1 with thousands waiting, and 0 after a rebalance, so it was never
/// flagged as stalled).
/// </summary>
public sealed class StuckPipelineLagTests(KafkaFixture kafka)
{
    [Fact]
    public async Task Messages_produced_while_a_batch_is_retried_count_in_the_lag()
    {
        var topic = await kafka.CreateTopicAsync(partitions: 2);
        var attempts = 0;
        var handler = new DelegateBatchHandler((_, _) =>
        {
            Interlocked.Increment(ref attempts);
            throw new InvalidOperationException("the store is down");
        });
        var metrics = TestConsumers.NewMetrics();
        using var consumer = TestConsumers.Create(kafka, TestConsumers.Options(kafka, topic, KafkaFixture.NewGroupId()), handler, metrics);
        await kafka.ProduceAsync(topic, "k", "first", partition: 0);
        await consumer.StartAsync(TestContext.Current.CancellationToken);
        Assert.True(await Eventually.TrueAsync(() => Volatile.Read(ref attempts) >= 2));

        // Behind the stuck message, and on the other partition, which the retry paused too.
        for (var i = 0; i < 20; i++)
        {
            await kafka.ProduceAsync(topic, "k", $"m{i}", partition: i % 2);
        }

        var stats = metrics.Pipelines.Single();
        Assert.True(await Eventually.TrueAsync(() => stats.ConsumerLag == 21), $"lag {stats.ConsumerLag}, expected 21");
        await consumer.StopAsync(TestContext.Current.CancellationToken);
    }
}
