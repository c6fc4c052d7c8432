using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Strangler.Sync.Consuming;
using Strangler.Sync.DeadLetters;
using Strangler.Sync.Hosting;

namespace Strangler.Sync.Tests.Consuming;

/// <summary>
/// A batch's commit that the broker refuses, on a pipeline that then goes quiet, over a mock cluster of its own (the
/// refusal is injected cluster-wide, so it must not reach other tests' commits).
/// Bug it pins: the offsets waited for the next batch's commit; with none coming, the group's committed offsets stayed
/// short of what was applied, and the continuous check's group lag read the applied changes as still waiting.
/// </summary>
public sealed class FailedCommitRetryTests
{
    [Fact]
    public async Task A_refused_commit_is_retried_while_the_pipeline_is_quiet()
    {
        using var cluster = new MockKafkaCluster(immediateRebalance: true);
        cluster.CreateTopic("quiet", 1);
        var group = KafkaFixture.NewGroupId();
        var handled = 0;
        var handler = new DelegateBatchHandler((batch, _) =>
        {
            Interlocked.Add(ref handled, batch.Count);
            return Task.FromResult(BatchOutcome.Success);
        });
        var options = new BatchConsumerOptions
        {
            Pipeline = "quiet-pipeline", Kind = "projection", BootstrapServers = cluster.BootstrapServers, GroupId = group,
            Topics = ["quiet"], MaxBatchSize = 100, FlushInterval = TimeSpan.FromMilliseconds(50),
        };
        using var consumer = new KafkaBatchConsumer(options, handler, new DeadLetterProducer(cluster.BootstrapServers),
            TestConsumers.NewMetrics(), TimeProvider.System, NullLogger<KafkaBatchConsumer>.Instance, NullLoggerFactory.Instance);
        await consumer.StartAsync(TestContext.Current.CancellationToken);

        // The first commit is refused (a non-retriable error: librdkafka does not retry it by itself).
        cluster.FailNextRequests(8, ErrorCode.GroupAuthorizationFailed);
        using (var producer = new ProducerBuilder<byte[]?, byte[]?>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers }).Build())
        {
            for (var i = 0; i < 3; i++)
            {
                await producer.ProduceAsync("quiet", new Message<byte[]?, byte[]?> { Value = [(byte)i] }, TestContext.Current.CancellationToken);
            }
        }

        Assert.True(await Eventually.TrueAsync(() => Volatile.Read(ref handled) == 3), "the three messages were handled");
        // Nothing else is produced: only a retry while quiet can commit them.
        Assert.True(await Eventually.TrueAsync(() => Committed(cluster, group) == 3, seconds: 15),
            $"the group's committed offset stayed at {Committed(cluster, group)} after the quiet pipeline applied 3 messages");
        await consumer.StopAsync(TestContext.Current.CancellationToken);
    }

    private static long Committed(MockKafkaCluster cluster, string group)
    {
        using var reader = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig
        {
            BootstrapServers = cluster.BootstrapServers, GroupId = group, EnableAutoCommit = false,
        }).Build();
        return reader.Committed([new TopicPartition("quiet", 0)], TimeSpan.FromSeconds(5)).Single().Offset.Value;
    }
}
