using Strangler.Sync.Consuming;

namespace Strangler.Sync.Tests.Consuming;

/// <summary>
/// Bug (found operating a worker): the lag an idle worker reported was its last applied change's, however long ago,
/// so a rollout's sync gate read a 30 s lag from hours before as the lag now. An idle pipeline that has nothing
/// waiting, with a broker answering, now reports lag 0 measured now.
/// </summary>
public sealed class IdleLagTests(KafkaFixture kafka)
{
    [Fact]
    public async Task An_idle_caught_up_pipeline_reports_lag_zero_measured_just_now()
    {
        var topic = await kafka.CreateTopicAsync();
        var metrics = TestConsumers.NewMetrics();
        var options = TestConsumers.Options(kafka, topic, KafkaFixture.NewGroupId());
        var handler = new DelegateBatchHandler((batch, _) =>
        {
            // As a projection does for a change whose source time was 30 s ago.
            metrics.Lag(options.Pipeline, options.Kind, TimeSpan.FromSeconds(30));
            metrics.Applied(options.Pipeline, options.Kind, batch.Count);
            return Task.FromResult(BatchOutcome.Success);
        });
        using var consumer = TestConsumers.Create(kafka, options, handler, metrics);
        await kafka.ProduceAsync(topic, "k", "v");
        await consumer.StartAsync(TestContext.Current.CancellationToken);
        var stats = metrics.Pipelines.Single();
        Assert.True(await Eventually.TrueAsync(() => stats.Applied == 1));

        Assert.True(await Eventually.TrueAsync(() => stats.LagSeconds == 0), $"lag {stats.LagSeconds} s");
        var measured = stats.LagAt;
        Assert.NotNull(measured);
        Assert.True(await Eventually.TrueAsync(() => stats.LagAt > measured), "an idle pipeline measures its lag again");
        Assert.True(stats.LagAge(DateTimeOffset.UtcNow) < TimeSpan.FromSeconds(5), $"measured {stats.LagAge(DateTimeOffset.UtcNow)} ago");
        await consumer.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_pipeline_stuck_on_a_batch_keeps_its_last_measure_which_ages()
    {
        var topic = await kafka.CreateTopicAsync();
        var metrics = TestConsumers.NewMetrics();
        var options = TestConsumers.Options(kafka, topic, KafkaFixture.NewGroupId());
        var attempts = 0;
        var handler = new DelegateBatchHandler((_, _) =>
        {
            Interlocked.Increment(ref attempts);
            throw new InvalidOperationException("the store is down");
        });
        using var consumer = TestConsumers.Create(kafka, options, handler, metrics);
        await kafka.ProduceAsync(topic, "k", "v");
        await consumer.StartAsync(TestContext.Current.CancellationToken);
        Assert.True(await Eventually.TrueAsync(() => Volatile.Read(ref attempts) >= 3));

        var stats = metrics.Pipelines.Single();
        Assert.Null(stats.LagAt);
        await consumer.StopAsync(TestContext.Current.CancellationToken);
    }
}
